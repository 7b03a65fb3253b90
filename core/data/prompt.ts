import type { Prompt, SftExample } from '../contracts/policy';
import type { Sample, VideoR1Record } from '../contracts/sample';
import type { Tokenizer } from '../contracts/tokenizer';
import { UserError } from '../errors';

/**
 * Question text, assembled as the released code does (docs/released-code.md §4): multiple choice is
 * `problem` + "Options:\n" + each option + "\n" with no separator before "Options:"; every other
 * type is just `problem`. The long QUESTION_TEMPLATE instructions are left out: a tiny policy
 * gains nothing from a fixed paragraph and it would dominate the sequence length.
 */
export function questionText(r: Pick<VideoR1Record, 'problem' | 'problem_type' | 'options'>): string {
  if (r.problem_type === 'multiple choice') return `${r.problem}Options:\n${r.options.map((o) => `${o}\n`).join('')}`;
  return r.problem;
}

/** SFT target, as sft_video.py builds the assistant turn: `process` + "\n" + `solution` (docs/released-code.md §6). */
export function sftTarget(r: Pick<VideoR1Record, 'process' | 'solution'>): string {
  return r.process ? `${r.process}\n${r.solution}` : r.solution;
}

/** Text the prompt and target templates add around a source's texts. */
export const TEMPLATE_TEXTS = ['Options:\n', '\n'];

/** Every text a words tokenizer must cover for these samples. */
export function corpusOf(samples: readonly Sample[]): string[] {
  return samples.flatMap((s) => [questionText(s), s.solution, ...(s.process ? [sftTarget(s)] : [])]);
}

export function toPrompt(s: Sample, tokenizer: Tokenizer): Prompt {
  const tokens = tokenizer.encode(questionText(s));
  // the policy predicts the first answer token after the last question token: a question is needed
  if (tokens.length === 0)
    throw new UserError('a sample has an empty question', {
      where: `problem_id ${s.problem_id}`,
      expected: 'a non-empty problem text',
      found: JSON.stringify(s.problem),
    });
  return { frames: s.frames, modality: s.data_type, tokens };
}

/** One SFT example: the sample's prompt and its target tokens (`sftTarget`). */
export function toSftExample(s: Sample, tokenizer: Tokenizer): SftExample {
  return { prompt: toPrompt(s, tokenizer), target: tokenizer.encode(sftTarget(s)) };
}
