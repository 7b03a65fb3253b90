/**
 * The CoT teacher: a programmatic stand-in for Qwen2.5-VL-72B in Video-R1's CoT annotation
 * (paper §3.1 "CoT Annotation"; docs/released-code.md §5.2, src/generate_cot_vllm.py). It reads the scene frame
 * by frame, writes a `<think>…</think>` rationale in the world's words, then an answer. With
 * probability `errorRate` it reasons to a wrong answer (Draft.wrong, which scores <= 0.6). The
 * SFT split keeps a sample only if the teacher's output scores accuracy > 0.6 (docs/released-code.md §5.2 step 3).
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
 * stream (one per sample), so its errors do not shift the world's draws.
 */
export function teach(draft: Draft, frames: number, errorRate: number, rng: Rng): TeacherOutput {
  const erred = rng.next() < errorRate;
  const answer = erred ? draft.wrong(rng) : draft.answer;
  const t = draft.modality === 'video' ? frames : 1;
  const seen = draft.observe((tick) => frameOfTick(tick, t, draft.ticks), t);
  const opening = draft.modality === 'video' ? 'let me think. i look at the frames one by one.' : 'let me think. i look at the image.';
  const process = `<think>${[opening, ...optionsRestated(draft), ...seen, 'hmm, oh i see.', conclusion(draft, answer)].join(' ')}</think>`;
  const output = `${process}<answer>${answer}</answer>`;
  return { process, answer, output, accuracy: accuracyFor(draft.problemType, output, `<answer>${draft.answer}</answer>`), erred };
}
