import { z } from 'zod';
import { defineEstimator } from '../../core/contracts/advantage';
import type { Group } from '../../core/contracts/group';
import { FRAME_TRANSFORMS } from '../../core/contracts/sample';
import { meanInOrder as mean } from '../../core/stats/in-order';
import { ADVANTAGE_METRICS, advantageMetrics, GrpoOptions, scaleGroups } from './grpo';

export const TGrpoOptions = GrpoOptions.extend({
  /** α, the temporal bonus given to correct ordered completions (paper: 0.3). */
  alpha: z.number().min(0).default(0.3),
  /** μ in p ≥ μ·p~: the paper's test is μ = 1; the released code uses 0.8 (docs/released-code.md §0.1). */
  mu: z.number().min(0).default(1),
  /** G~, contrast rollouts on transformed frames per video prompt (released code: G/2 = 4). */
  contrast_size: z.number().int().min(1).default(4),
  /** A completion is correct when its accuracy exceeds this (released code: 0.1). */
  threshold: z.number().default(0.1),
  /** The reward component that p, p~ and "correct" read. */
  accuracy_key: z.string().default('accuracy'),
  /**
   * Where r_t goes: `reward` adds it to the total before the scaling (Eq. 2 then Eq. 3, the
   * paper); `advantage` adds it after, A_i = z(R)_i + r_t·1[o_i correct] (paper §3.1: "could
   * also be added to the advantages directly").
   */
  bonus_to: z.enum(['reward', 'advantage']).default('reward'),
  /** The contrast group's frames: shuffled (paper), reversed (ArrowRL) or one frame repeated. */
  transform: z.enum(FRAME_TRANSFORMS).default('shuffle'),
});
type TGrpo = z.infer<typeof TGrpoOptions>;

/**
 * Eq. 1-2: r_t = α if p ≥ μ·p~ (p, p~: mean accuracy of the ordered and contrast groups, per
 * prompt — docs/released-code.md §0.2), added to every correct ordered completion. Video groups only;
 * image groups and groups without contrast get 0. `granted` is true only when the test passes
 * and some ordered completion is correct (at p = p~ = 0 the test passes but nobody gains).
 */
export function temporalBonus(g: Group, o: TGrpo): { bonus: number[]; p?: number; pContrast?: number; granted: boolean } {
  const acc = g.components[o.accuracy_key];
  const accContrast = g.contrastComponents?.[o.accuracy_key];
  // the config check refuses a run without the component (needs().components); a stage bug otherwise
  if (!acc) throw new Error(`t-grpo needs the '${o.accuracy_key}' reward component, found ${Object.keys(g.components).join(', ') || 'none'}`);
  if (g.sample.data_type !== 'video' || !accContrast || accContrast.length === 0) {
    return { bonus: acc.map(() => 0), granted: false };
  }
  const p = mean(acc); // Eq. 1, ordered frames
  const pContrast = mean(accContrast); // Eq. 1, transformed frames
  const passes = p >= o.mu * pContrast; // Eq. 1 (μ = 1 paper, 0.8 code)
  const bonus = acc.map((a) => (passes && a > o.threshold ? o.alpha : 0)); // Eq. 2
  return { bonus, p, pContrast, granted: passes && acc.some((a) => a > o.threshold) };
}

/** T-GRPO: grant the temporal bonus (Eq. 1-2), then centre and scale each group (Eq. 3). */
export default defineEstimator({
  name: 't-grpo',
  description: 'Grant the temporal bonus (Eq. 1-2), then z-score each group (Eq. 3)',
  options: TGrpoOptions,
  needs: (o) => ({ contrast: { size: o.contrast_size, transform: o.transform, modalities: ['video'] }, components: [o.accuracy_key] }),
  metrics: ['temporal/p', 'temporal/p_contrast', 'temporal/granted', 'temporal/granted_rate', 'temporal/advantage_shift', ...ADVANTAGE_METRICS],
  reference: 'paper Eq. 1-3; grpo_trainer.py lines 611-624',
  estimate(groups, o) {
    const results = groups.map((g) => temporalBonus(g, o));
    const raw = groups.map((g) => [...g.rewards]);
    const without = scaleGroups(raw, o); // A′: the same estimator without the bonus
    const toReward = o.bonus_to === 'reward';
    const totals = toReward ? raw.map((r, b) => r.map((x, i) => x + results[b].bonus[i])) : raw;
    const advantages = toReward ? scaleGroups(totals, o) : without.map((a, b) => a.map((x, i) => x + results[b].bonus[i]));
    const video = results.flatMap((r, b) => (r.p !== undefined ? [b] : []));
    const metrics: Record<string, number> = { ...advantageMetrics(advantages), 'temporal/granted': video.filter((b) => results[b].granted).length };
    if (video.length > 0) {
      metrics['temporal/p'] = mean(video.map((b) => results[b].p!));
      metrics['temporal/p_contrast'] = mean(video.map((b) => results[b].pContrast!));
      metrics['temporal/granted_rate'] = metrics['temporal/granted'] / video.length;
      // mean |A − A′| over the completions of video groups: 0 when the scaling undoes the bonus (Video-R1 #51)
      metrics['temporal/advantage_shift'] = mean(video.flatMap((b) => advantages[b].map((a, i) => Math.abs(a - without[b][i]))));
    }
    return { advantages, totals, bonuses: { temporal: results.map((r) => r.bonus) }, metrics };
  },
});
