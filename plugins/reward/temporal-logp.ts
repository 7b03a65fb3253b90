import { z } from 'zod';
import { defineReward } from '../../core/contracts/reward';
import { FRAME_TRANSFORMS } from '../../core/contracts/sample';

/**
 * Temporal log-prob reward, after TaRO: a correct ordered completion (accuracy > `threshold`) gets
 * `weight · clip(d, 0, cap)`, where d is its mean per-token log-prob under the ordered frames
 * minus under `transform`ed frames (the RL stage computes d for video groups, asked by
 * `frameScores`); everything else, image groups included, gets 0. Range [0, 10] (weight ≤ 1,
 * cap ≤ 10). Example: accuracy [1, 1, 0], d [0.4, −0.2, 0.9], weight 0.5, cap 1 → [0.2, 0, 0].
 */
export default defineReward({
  name: 'temporal-logp',
  description: 'Reward correct answers whose log-probability falls when the frames are transformed',
  options: z.strictObject({
    weight: z.number().min(0).max(1).default(0.3).describe('multiplies the clipped drop (0.3: the size of T-GRPO alpha)'),
    cap: z.number().gt(0).max(10).default(1).describe('largest drop rewarded, nats per token'),
    transform: z.enum(FRAME_TRANSFORMS).default('shuffle').describe('frames the drop is measured against'),
    threshold: z.number().default(0.1).describe('"correct" means accuracy > threshold'),
  }),
  range: [0, 10],
  needs: ['accuracy'],
  frameScores: (o) => ({ transform: o.transform }),
  reference: 'TaRO (temporal log-prob drop under shuffled keyframes as a per-response reward)',
  score: (g, o) => {
    const drop = g.logpDrop?.[o.transform];
    return g.completions.map((_, i) => {
      const d = drop?.[i];
      const correct = (g.components.accuracy?.[i] ?? 0) > o.threshold;
      return correct && d !== undefined && Number.isFinite(d) ? o.weight * Math.min(o.cap, Math.max(0, d)) : 0;
    });
  },
});
