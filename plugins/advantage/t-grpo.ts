import { z } from 'zod';
import { defineEstimator } from '../../core/contracts/advantage';
import type { Group } from '../../core/contracts/group';
import { UserError } from '../../core/errors';
import { advantageMetrics, GrpoOptions, groupZScore } from './grpo';

export const TGrpoOptions = GrpoOptions.extend({
  /** α, the temporal bonus given to correct ordered completions (paper: 0.3). */
  alpha: z.number().min(0).default(0.3),
  /** μ in p ≥ μ·p~: the paper's test is μ = 1; the released code uses 0.8 (reference §0.1). */
  mu: z.number().min(0).default(1),
  /** G~, contrast rollouts on shuffled frames per video prompt (released code: G/2 = 4). */
  contrast_size: z.number().int().min(1).default(4),
  /** A completion is correct when its accuracy exceeds this (released code: 0.1). */
  threshold: z.number().default(0.1),
  /** The reward component that p, p~ and "correct" read. */
  accuracy_key: z.string().default('accuracy'),
});
type TGrpo = z.infer<typeof TGrpoOptions>;

/**
 * Eq. 1-2: r_t = α if p ≥ μ·p~ (p, p~: mean accuracy of the ordered and shuffled groups, per
 * prompt — reference §0.2), added to every correct ordered completion. Video groups only;
 * image groups and groups without contrast get 0. Returns bonus `[G]` and whether it was granted.
 */
export function temporalBonus(g: Group, o: TGrpo): { bonus: number[]; p?: number; pContrast?: number; granted: boolean } {
  const acc = g.components[o.accuracy_key];
  const accContrast = g.contrastComponents?.[o.accuracy_key];
  if (!acc) throw new UserError(`t-grpo needs the '${o.accuracy_key}' reward`, { where: 'rewards', expected: `a reward named '${o.accuracy_key}'` });
  if (g.sample.data_type !== 'video' || !accContrast || accContrast.length === 0) {
    return { bonus: acc.map(() => 0), granted: false };
  }
  const p = mean(acc); // Eq. 1, ordered frames
  const pContrast = mean(accContrast); // Eq. 1, shuffled frames
  const granted = p >= o.mu * pContrast; // Eq. 1 (μ = 1 paper, 0.8 code)
  const bonus = acc.map((a) => (granted && a > o.threshold ? o.alpha : 0)); // Eq. 2
  return { bonus, p, pContrast, granted };
}

/** T-GRPO: grant the temporal bonus (Eq. 1-2), then z-score each group (Eq. 3). */
export default defineEstimator({
  name: 't-grpo',
  description: 'Grant the temporal bonus (Eq. 1-2), then z-score each group (Eq. 3)',
  options: TGrpoOptions,
  needs: (o) => ({ contrast: { size: o.contrast_size, transform: 'shuffle-frames', modalities: ['video'] } }),
  metrics: ['temporal/p', 'temporal/p_contrast', 'temporal/granted', 'temporal/granted_rate', 'advantages/mean', 'advantages/std'],
  reference: 'paper Eq. 1-3; grpo_trainer.py lines 611-624',
  estimate(groups, o) {
    const results = groups.map((g) => temporalBonus(g, o));
    const totals = groups.map((g, b) => g.rewards.map((r, i) => r + results[b].bonus[i]));
    const advantages = totals.map((r) => groupZScore(r, o.std, o.eps));
    const video = results.filter((r) => r.p !== undefined);
    const metrics: Record<string, number> = { ...advantageMetrics(advantages), 'temporal/granted': video.filter((r) => r.granted).length };
    if (video.length > 0) {
      metrics['temporal/p'] = mean(video.map((r) => r.p!));
      metrics['temporal/p_contrast'] = mean(video.map((r) => r.pContrast!));
      metrics['temporal/granted_rate'] = metrics['temporal/granted'] / video.length;
    }
    return { advantages, totals, bonuses: { temporal: results.map((r) => r.bonus) }, metrics };
  },
});

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
