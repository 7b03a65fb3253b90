import { z } from 'zod';
import { defineEstimator } from '../../core/contracts/advantage';
import { meanInOrder } from '../../core/stats/in-order';
import { advantageMetrics } from './grpo';

/**
 * Dr. GRPO (Liu et al. 2025, "Understanding R1-Zero-like training"): A_i = R_i − mean(R), no
 * division by the group std, which removes GRPO's difficulty bias. Pair it with the
 * `seq-mean-token-sum-norm` loss aggregation. Shapes: `[G]` → `[G]`.
 */
export default defineEstimator({
  name: 'dr-grpo',
  description: 'Centre each group of rewards on its mean, without std division',
  options: z.strictObject({}),
  metrics: ['advantages/mean', 'advantages/std', 'advantages/max_abs'],
  reference: 'Dr. GRPO advantage; TRL scale_rewards=none',
  estimate(groups) {
    const totals = groups.map((g) => [...g.rewards]);
    const advantages = totals.map((r) => {
      const mean = meanInOrder(r);
      return r.map((x) => x - mean);
    });
    return { advantages, totals, bonuses: {}, metrics: advantageMetrics(advantages) };
  },
});
