import { z } from 'zod';
import { defineEstimator } from '../../core/contracts/advantage';
import { UserError } from '../../core/errors';
import { sumInOrder } from '../../core/stats/in-order';
import { advantageMetrics } from './grpo';

/**
 * REINFORCE leave-one-out (Ahmadian et al. 2024): A_i = R_i − (1/(G−1)) Σ_{j≠i} R_j, the mean of
 * the other completions as baseline. Needs G ≥ 2. Shapes: `[G]` → `[G]`.
 */
export default defineEstimator({
  name: 'rloo',
  description: 'Subtract the leave-one-out mean of the other completions',
  options: z.strictObject({}),
  metrics: ['advantages/mean', 'advantages/std', 'advantages/max_abs'],
  reference: 'RLOO baseline; verl core_algos rloo',
  estimate(groups) {
    const totals = groups.map((g) => [...g.rewards]);
    const advantages = totals.map((r) => {
      if (r.length < 2)
        throw new UserError('rloo needs at least 2 completions per group', { where: 'rl.group_size', expected: '>= 2', found: String(r.length) });
      const sum = sumInOrder(r);
      return r.map((x) => x - (sum - x) / (r.length - 1));
    });
    return { advantages, totals, bonuses: {}, metrics: advantageMetrics(advantages) };
  },
});
