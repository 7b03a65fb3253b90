import { z } from 'zod';
import { defineReward } from '../../core/contracts/reward';
import { UserError } from '../../core/errors';

/** The sentences of the first `<think>…</think>` of a text, trimmed (none when it has no think block). */
export function thinkSentences(text: string): string[] {
  const think = /<think>([^]*?)<\/think>/.exec(text)?.[1] ?? '';
  return think
    .trim()
    .split(/(?<=\.)\s+/)
    .filter((s) => s.length > 0);
}

/** Share of `reference`'s sentences that `written` states verbatim, each sentence matched at most once. */
export function sentenceRecall(written: readonly string[], reference: readonly string[]): number {
  if (reference.length === 0) return 0;
  const left = new Map<string, number>();
  for (const s of written) left.set(s, (left.get(s) ?? 0) + 1);
  let matched = 0;
  for (const s of reference) {
    const n = left.get(s) ?? 0;
    if (n > 0) {
      matched++;
      left.set(s, n - 1);
    }
  }
  return matched / reference.length;
}

/**
 * Rationale reward, a verifiable perception (grounding) reward in the spirit of Time-R1's and
 * VideoChat-R1's IoU rewards (../shared/reference/video-rl-peers.md §1.2) and VideoRFT's
 * rationale-to-frames consistency: the share of the reference rationale's sentences (the record's
 * `process`, e.g. "frame 3: the red square is at column 4, row 2.") that the completion's
 * `<think>` states word for word. Every sentence of the reference counts once; order does not
 * matter; a completion without `<think>` scores 0. Range [0, 1]. Example: reference
 * '<think>i look. frame 1: a. frame 2: b.</think>', completion '<think>i look. frame 1: a. frame 2: c.</think>…' → 2/3.
 * Needs a reference on every sample (synthetic: `rl_rationales: true`); one without is an input error.
 */
export default defineReward({
  name: 'rationale',
  description: "Score the share of the reference rationale's sentences the completion's rationale states",
  options: z.object({}),
  range: [0, 1],
  reference: 'video-rl-peers.md §1.2: grounding rewards (Time-R1, VideoChat-R1), VideoRFT consistency',
  score: (g) => {
    const process = g.sample.process;
    if (process === undefined)
      throw new UserError('reward rationale needs a reference rationale on every sample', {
        where: `sample ${String(g.sample.problem_id ?? '?')} (record field process)`,
        expected: 'a "<think>…</think>" string (synthetic source: rl_rationales: true)',
        found: 'none',
      });
    const reference = thinkSentences(process);
    return g.completions.map((c) => sentenceRecall(thinkSentences(c.text), reference));
  },
});
