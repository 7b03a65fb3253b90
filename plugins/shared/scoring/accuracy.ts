/**
 * Video-R1's per-type accuracy (grpo.py `accuracy_reward`, docs/released-code.md §2.2), shared by the
 * accuracy reward, the eval-bench reward (numerical) and the synthetic CoT teacher.
 */
import type { ProblemType } from '../../../core/contracts/sample';
import { extractAnswer } from './extract';
import { normalizeNumber } from './number';
import { pythonRound } from './python/round';
import { rougeScore } from './rouge';
import { wer } from './wer';

/** Score an extracted answer `out` against the extracted ground truth `gt`. */
export type AnswerScorer = (out: string, gt: string) => number;

/** Python `min(1.0, max(0.0, x))`: Python's max/min keep the first argument against NaN, so NaN gives 0. */
const clamp01 = (x: number): number => {
  const low = x > 0 ? x : 0;
  return low < 1 ? low : 1;
};
const hasSeparator = (s: string): boolean => s.includes('.') || s.includes(',');

/** grpo.py `accuracy_reward`, one scorer per problem type (docs/released-code.md §2.2). */
export const SCORERS: Readonly<Record<ProblemType, AnswerScorer>> = {
  'multiple choice': (out, gt) => (out === gt ? 1 : 0),
  numerical: (out, gt) => {
    if (hasSeparator(out) !== hasSeparator(gt)) return 0;
    const [o, g] = [normalizeNumber(out), normalizeNumber(gt)];
    return o !== null && g !== null && pythonRound(o, 2) === pythonRound(g, 2) ? 1 : 0;
  },
  OCR: (out, gt) => clamp01(1 - wer(gt, out)),
  'free-form': (out, gt) => clamp01(rougeScore(gt, out).mean),
  regression: (out, gt) => {
    const [o, g] = [normalizeNumber(out), normalizeNumber(gt)];
    if (o === null || g === null) return 0;
    return 1 - clamp01((Math.abs(o - g) + 1e-9) / (Math.abs(g) + 1e-9));
  },
};

/**
 * Accuracy of one completion: extract the answers of `output` and `solution`, then apply the scorer
 * of `problemType`. An unknown type, or any failure, gives 0 (never throws). In [0, 1].
 */
export function accuracyFor(problemType: string, output: string, solution: string): number {
  try {
    if (!Object.hasOwn(SCORERS, problemType)) return 0;
    return SCORERS[problemType as ProblemType](extractAnswer(output), extractAnswer(solution));
  } catch {
    return 0;
  }
}
