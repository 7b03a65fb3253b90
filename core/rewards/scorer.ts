import type { EstimateResult } from '../contracts/advantage';
import type { Group } from '../contracts/group';
import type { Estimator } from './estimator';
import type { GroupInput } from './pipeline';
import type { RewardSet } from './reward-set';

/** Groups scored offline (`videor1 score`): rewards, then the estimator, and a per-completion table. */
export interface ScoredBatch {
  groups: Group[];
  estimate: EstimateResult;
  /** Per group, per completion: every component, bonuses, and `total`. */
  rewards: Record<string, number>[][];
  advantages: number[][];
}

/** The rewards over each group, then the estimator over the scored groups: the RL step's banners 4 and 5. */
export function scoreBatch(rewards: RewardSet, estimator: Estimator, inputs: readonly GroupInput[]): ScoredBatch {
  const groups = rewards.score(inputs);
  const estimate = estimator.estimate(groups);
  const table = groups.map((g, b) =>
    g.completions.map((_, i) => {
      const row: Record<string, number> = {};
      for (const r of rewards.rewards) row[r.plugin.name] = g.components[r.plugin.name][i];
      for (const [name, bonus] of Object.entries(estimate.bonuses)) row[name] = bonus[b][i];
      row.total = estimate.totals[b][i];
      return row;
    }),
  );
  return { groups, estimate, rewards: table, advantages: estimate.advantages };
}
