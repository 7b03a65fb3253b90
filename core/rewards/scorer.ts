import type { EstimateResult, EstimatorPlugin } from '../contracts/advantage';
import type { Group } from '../contracts/group';
import type { RewardPlugin } from '../contracts/reward';
import type { ResolvedConfig } from '../config/schema';
import type { PluginRegistry } from '../registry/registry';
import { checkRewardOrder, type ConfiguredReward, type GroupInput, scoreGroups } from './pipeline';

/** Rewards + estimator of one config, ready to score groups (used by `score` and the RL stage). */
export interface Scorer {
  rewards: ConfiguredReward[];
  estimator: { plugin: EstimatorPlugin; options: unknown };
  /** Completion fields the rewards read, and which rewards read them. */
  reads: ('tokenLength' | 'tokenIds')[];
  readers: Record<'tokenLength' | 'tokenIds', string[]>;
  score(inputs: readonly GroupInput[]): ScoredBatch;
}

export interface ScoredBatch {
  groups: Group[];
  estimate: EstimateResult;
  /** Per group, per completion: every component, bonuses, and `total`. */
  rewards: Record<string, number>[][];
  advantages: number[][];
}

/** Build the scorer from a config whose plugin options are already parsed (resolvePlugins). */
export async function buildScorer(cfg: ResolvedConfig, registry: PluginRegistry): Promise<Scorer> {
  const rewards: ConfiguredReward[] = [];
  for (const [i, r] of cfg.rewards.entries()) {
    rewards.push({ plugin: await registry.load<RewardPlugin>('reward', r.name, `rewards[${i}]`), options: r.options, weight: r.weight });
  }
  checkRewardOrder(rewards, cfg.source);
  const plugin = await registry.load<EstimatorPlugin>('advantage', cfg.advantage.name, 'advantage');
  const estimator = { plugin, options: cfg.advantage.options };
  const readers = { tokenLength: [] as string[], tokenIds: [] as string[] };
  for (const r of rewards) for (const f of r.plugin.reads ?? []) readers[f].push(r.plugin.name);
  const reads = (Object.keys(readers) as ('tokenLength' | 'tokenIds')[]).filter((k) => readers[k].length > 0);
  return {
    rewards,
    estimator,
    reads,
    readers,
    score(inputs) {
      const groups = scoreGroups(inputs, rewards);
      const estimate = plugin.estimate(groups, estimator.options);
      const table = groups.map((g, b) =>
        g.completions.map((_, i) => {
          const row: Record<string, number> = {};
          for (const r of rewards) row[r.plugin.name] = g.components[r.plugin.name][i];
          for (const [name, bonus] of Object.entries(estimate.bonuses)) row[name] = bonus[b][i];
          row.total = estimate.totals[b][i];
          return row;
        }),
      );
      return { groups, estimate, rewards: table, advantages: estimate.advantages };
    },
  };
}
