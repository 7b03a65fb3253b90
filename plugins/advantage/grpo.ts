import { z } from 'zod';
import { defineEstimator } from '../../core/contracts/advantage';

/** How the group standard deviation is taken: N−1 (torch default, released code) or N. */
export const StdKind = z.enum(['sample', 'population']);

export const GrpoOptions = z.strictObject({
  /** Bessel-corrected `sample` std (released code, reference §3) or `population`. */
  std: StdKind.default('sample'),
  /** Added to the std (released code 1e-4; TRL uses 1e-4 too). */
  eps: z.number().min(0).default(1e-4),
});

/**
 * Group z-score, paper Eq. 3 / reference §3: A_i = (R_i − mean(R)) / (std(R) + eps) over the
 * G completions of one prompt. Shapes: rewards `[G]` → advantages `[G]`. A group with a
 * single completion and `sample` std has std 0 (no spread to estimate), so A = 0.
 */
export function groupZScore(rewards: readonly number[], std: z.infer<typeof StdKind>, eps: number): number[] {
  const n = rewards.length;
  const mean = rewards.reduce((a, b) => a + b, 0) / n;
  const ss = rewards.reduce((a, r) => a + (r - mean) ** 2, 0);
  const denom = std === 'sample' ? n - 1 : n;
  const sd = denom > 0 ? Math.sqrt(ss / denom) : 0;
  return rewards.map((r) => (r - mean) / (sd + eps));
}

/** Metrics every estimator reports about its advantages. */
export function advantageMetrics(advantages: readonly number[][]): Record<string, number> {
  const all = advantages.flat();
  const mean = all.reduce((a, b) => a + b, 0) / Math.max(1, all.length);
  const sd = Math.sqrt(all.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, all.length));
  return { 'advantages/mean': mean, 'advantages/std': sd, 'advantages/max_abs': Math.max(0, ...all.map(Math.abs)) };
}

/** GRPO: z-score each group's total rewards (paper Eq. 3). */
export default defineEstimator({
  name: 'grpo',
  description: 'Normalise each group of rewards to a z-score (Eq. 3)',
  options: GrpoOptions,
  metrics: ['advantages/mean', 'advantages/std', 'advantages/max_abs'],
  reference: 'paper Eq. 3; grpo_trainer.py advantage (std N-1, eps 1e-4)',
  estimate(groups, o) {
    const totals = groups.map((g) => [...g.rewards]);
    const advantages = totals.map((r) => groupZScore(r, o.std, o.eps));
    return { advantages, totals, bonuses: {}, metrics: advantageMetrics(advantages) };
  },
});
