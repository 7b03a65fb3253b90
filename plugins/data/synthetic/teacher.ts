/**
 * The CoT teacher: a programmatic stand-in for Qwen2.5-VL-72B in Video-R1's CoT annotation
 * (paper §3.1 "CoT Annotation"; docs/released-code.md §5.2, src/generate_cot_vllm.py). It reads the scene frame
 * by frame, writes a `<think>…</think>` rationale in the world's words, then an answer. With
 * probability `errorRate` it reasons to a wrong answer (Draft.wrong, which scores <= 0.6). The
 * SFT split keeps a sample only if the teacher's output scores accuracy > 0.6 (docs/released-code.md §5.2 step 3).
 * With probability `terseRate` it writes a terse rationale: the same opening, options and
 * conclusion, but none of what it saw. A large teacher answers right without writing its
 * perception down, so the filter keeps these; a small student that imitates them must answer
 * without reading the frames step by step (README, "What RL does here").
 * With probability `confusion.rate` it swaps the two words of `confusion.words` in its answer
 * (vision-language models confuse left and right: Kamath et al. 2023, "What's 'up' with
 * vision-language models?"): the filter drops the swapped multiple-choice and numerical answers,
 * so the kept data rarely answers with either word, and a student learns the teacher's blind spot.
 */
import type { Rng } from '../../../core/rng';
import { accuracyFor } from '../../shared/scoring/accuracy';
import { frameOfTick } from './render';
import type { Draft } from './types';

/** docs/released-code.md §5.2 step 3: keep a CoT sample when its accuracy reward is above this. */
export const KEEP_THRESHOLD = 0.6;

export interface TeacherOutput {
  /** `<think>…</think>` (the record's `process` field, docs/released-code.md §5.2). */
  process: string;
  /** The teacher's answer (inside `<answer>…</answer>` in `output`). */
  answer: string;
  /** The full completion `process + <answer>…</answer>` (docs/released-code.md §4 "Required output format"). */
  output: string;
  /** Accuracy reward of `output` against the solution (plugins/shared/scoring/accuracy, docs/released-code.md §2.2). */
  accuracy: number;
  /** The teacher chose to err on this sample. */
  erred: boolean;
  /** The rationale leaves out what the teacher saw. */
  terse: boolean;
}

/** How the teacher annotates: its error rate, its rate of terse rationales and its confusion. */
export interface TeacherStyle {
  /** Probability of reasoning to a wrong answer (Draft.wrong). */
  errorRate: number;
  /** Probability of leaving the observations out of the rationale. */
  terseRate: number;
  /** Two answer words the teacher swaps, and how often. */
  confusion?: { words: readonly [string, string]; rate: number };
}

/**
 * The answer with the confused words swapped: a multiple-choice letter moves to the option whose
 * text is the other word (when the options have it); any other answer has the words swapped.
 */
export function confused(draft: Draft, answer: string, [a, b]: readonly [string, string]): string {
  const swap = (text: string): string => text.replace(/\w+/g, (w) => (w === a ? b : w === b ? a : w));
  if (draft.options.length === 0) return swap(answer);
  const option = draft.options.find((o) => o.startsWith(`${answer}.`));
  if (!option) return answer;
  const text = split(option)[1];
  const swapped = swap(text);
  const other = swapped === text ? undefined : draft.options.find((o) => split(o)[1] === swapped);
  return other ? split(other)[0] : answer;
}

/** `"A. left"` → `["A", "left"]`. */
function split(option: string): [string, string] {
  const dot = option.indexOf('. ');
  return [option.slice(0, dot), option.slice(dot + 2)];
}

/**
 * Multiple choice: the rationale first restates each option text-first ("left is A, up is B"), and
 * the conclusion names the answer's text, then repeats that pair ("so the answer is up. up is B.").
 * A small decoder learns to copy the token that follows an earlier match (an induction pattern) far
 * sooner than the token before it, and the options arrive letter-first ("A. left"): measured on
 * tiny-vlm, p(letter | answer text) stayed at chance for 3000 SFT steps with the letter-first
 * conclusion ("so the answer is B. up"), while p(text | letter) reached 0.7.
 */
function optionsRestated(draft: Draft): string[] {
  if (draft.options.length === 0) return [];
  return [
    `the options are ${draft.options
      .map((o) => {
        const [letter, text] = split(o);
        return `${text} is ${letter}`;
      })
      .join(', ')}.`,
  ];
}

function conclusion(draft: Draft, answer: string): string {
  const option = draft.options.find((o) => o.startsWith(`${answer}.`));
  if (!option) return `so the answer is ${answer}.`;
  const [letter, text] = split(option);
  return `so the answer is ${text}. ${text} is ${letter}.`;
}

/**
 * Annotate one scene rendered with `frames` frames (1 for images). `rng` is the teacher's own
 * stream (one per sample), so its errors do not shift the world's draws; the terse and confusion
 * coins come from forks of it, so with both rates 0 it writes exactly what a teacher without them wrote.
 */
export function teach(draft: Draft, frames: number, style: TeacherStyle, rng: Rng): TeacherOutput {
  const terse = rng.fork('terse').next() < style.terseRate;
  const swaps = style.confusion !== undefined && rng.fork('confusion').next() < style.confusion.rate;
  const erred = rng.next() < style.errorRate;
  const meant = erred ? draft.wrong(rng) : draft.answer;
  const answer = swaps ? confused(draft, meant, style.confusion!.words) : meant;
  const t = draft.modality === 'video' ? frames : 1;
  const look = terse ? [] : [draft.modality === 'video' ? 'i look at the frames one by one.' : 'i look at the image.'];
  const seen = terse ? [] : draft.observe((tick) => frameOfTick(tick, t, draft.ticks), t);
  const process = `<think>${['let me think.', ...look, ...optionsRestated(draft), ...seen, 'hmm, oh i see.', conclusion(draft, answer)].join(' ')}</think>`;
  const output = `${process}<answer>${answer}</answer>`;
  return { process, answer, output, accuracy: accuracyFor(draft.problemType, output, `<answer>${draft.answer}</answer>`), erred, terse };
}
