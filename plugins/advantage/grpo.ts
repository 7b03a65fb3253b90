import { z } from 'zod';
import { defineEstimator } from '../../core/contracts/advantage';
import { meanInOrder, populationStdInOrder, sampleStdInOrder } from '../../core/stats/in-order';

/** How the group standard deviation is taken: N−1 (torch default, released code) or N. */
export const StdKind = z.enum(['sample', 'population']);

/**
 * What the group-centred rewards are divided by (TRL's `scale_rewards`): the group's own std
 * (`group`, paper Eq. 3), the std of every reward in the batch (`batch`), or nothing (`none`:
 * Dr. GRPO's advantage, Liu et al. 2025).
 */
export const ScaleKind = z.enum(['group', 'batch', 'none']);

export const GrpoOptions = z.strictObject({
  /** Bessel-corrected `sample` std (released code, docs/released-code.md §3) or `population`. */
  std: StdKind.default('sample'),
  /** Added to the std (released code 1e-4; TRL uses 1e-4 too). */
  eps: z.number().min(0).default(1e-4),
  scale: ScaleKind.default('group'),
});
type Grpo = z.infer<typeof GrpoOptions>;

/** Standard deviation of `xs` (N−1 or N); 0 when there is no spread to estimate. */
export function stdOf(xs: readonly number[], std: z.infer<typeof StdKind>): number {
  if (xs.length < (std === 'sample' ? 2 : 1)) return 0;
  return std === 'sample' ? sampleStdInOrder(xs) : populationStdInOrder(xs);
}

/**
 * Group z-score, paper Eq. 3 / docs/released-code.md §3: A_i = (R_i − mean(R)) / (std(R) + eps) over the
 * G completions of one prompt. Shapes: rewards `[G]` → advantages `[G]`. A group with a
 * single completion and `sample` std has std 0 (no spread to estimate), so A = 0.
 */
export function groupZScore(rewards: readonly number[], std: z.infer<typeof StdKind>, eps: number): number[] {
  const mean = meanInOrder(rewards);
  const sd = stdOf(rewards, std);
  return rewards.map((r) => (r - mean) / (sd + eps));
}

/**
 * Centre each group on its mean, then scale (TRL grpo_trainer `scale_rewards`): `group` divides
 * by the group's std + eps (Eq. 3), `batch` by the std of all B·G totals + eps, `none` not at all.
 * Shapes: `[B][G]` → `[B][G]`.
 */
export function scaleGroups(totals: readonly (readonly number[])[], o: Pick<Grpo, 'std' | 'eps' | 'scale'>): number[][] {
  if (o.scale === 'group') return totals.map((r) => groupZScore(r, o.std, o.eps));
  const divisor = o.scale === 'batch' ? stdOf(totals.flat(), o.std) + o.eps : 1;
  return totals.map((r) => {
    const mean = meanInOrder(r);
    return r.map((x) => (x - mean) / divisor);
  });
}

/** Metrics every estimator reports about its advantages. */
export function advantageMetrics(advantages: readonly number[][]): Record<string, number> {
  const all = advantages.flat();
  const [mean, sd] = all.length === 0 ? [0, 0] : [meanInOrder(all), populationStdInOrder(all)];
  return { 'advantages/mean': mean, 'advantages/std': sd, 'advantages/max_abs': Math.max(0, ...all.map(Math.abs)) };
}

export const ADVANTAGE_METRICS = ['advantages/mean', 'advantages/std', 'advantages/max_abs'] as const;

/** GRPO: centre each group's total rewards and scale them (paper Eq. 3 with `scale: group`). */
export default defineEstimator({
  name: 'grpo',
  description: 'Normalise each group of rewards to a z-score (Eq. 3)',
  options: GrpoOptions,
  metrics: ADVANTAGE_METRICS,
  reference: 'paper Eq. 3; grpo_trainer.py advantage (std N-1, eps 1e-4); TRL scale_rewards',
  estimate(groups, o) {
    const totals = groups.map((g) => [...g.rewards]);
    const advantages = scaleGroups(totals, o);
    return { advantages, totals, bonuses: {}, metrics: advantageMetrics(advantages) };
  },
});
