import type { EstimateResult, EstimatorPlugin } from '../contracts/advantage';
import type { Group } from '../contracts/group';
import type { RewardPlugin } from '../contracts/reward';
import type { FrameTransform } from '../contracts/sample';
import type { ResolvedConfig } from '../config/schema';
import type { PluginRegistry } from '../registry/registry';
import { checkEstimatorNeeds, checkRewardOrder, type ConfiguredReward, type GroupInput, scoreGroups } from './pipeline';

/** Rewards + estimator of one config, ready to score groups (used by `score` and the RL stage). */
export interface Scorer {
  rewards: ConfiguredReward[];
  estimator: { plugin: EstimatorPlugin; options: unknown };
  /** Completion fields the rewards read, and which rewards read them. */
  reads: ('tokenLength' | 'tokenIds')[];
  readers: Record<'tokenLength' | 'tokenIds', string[]>;
  /** Transforms whose log-prob drop some reward reads (`RewardPlugin.frameScores`), and which rewards read them. */
  frameTransforms: FrameTransform[];
  /** Run every reward over each group, ordered and contrast (the RL step's rewards banner). */
  scoreRewards(inputs: readonly GroupInput[]): Group[];
  /** Run the estimator over scored groups (the advantages banner); stateful estimators advance `estimatorState`. */
  estimate(groups: readonly Group[]): EstimateResult;
  /** The estimator's state (JSON; EMA-GRPO's moments): saved in checkpoints, restored on resume. */
  estimatorState: unknown;
  /** Both, plus the per-completion table `videor1 score` prints. */
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
  checkEstimatorNeeds(
    plugin,
    estimator.options,
    rewards.map((r) => r.plugin.name),
    cfg.source,
  );
  const readers = { tokenLength: [] as string[], tokenIds: [] as string[] };
  for (const r of rewards) for (const f of r.plugin.reads ?? []) readers[f].push(r.plugin.name);
  const reads = (Object.keys(readers) as ('tokenLength' | 'tokenIds')[]).filter((k) => readers[k].length > 0);
  const frameTransforms = [...new Set(rewards.flatMap((r) => (r.plugin.frameScores ? [r.plugin.frameScores(r.options).transform] : [])))];
  const scorer: Scorer = {
    rewards,
    estimator,
    reads,
    readers,
    frameTransforms,
    estimatorState: plugin.initialState?.(estimator.options),
    scoreRewards: (inputs) => scoreGroups(inputs, rewards),
    estimate(groups) {
      const estimate = plugin.estimate(groups, estimator.options, scorer.estimatorState);
      if (estimate.state !== undefined) scorer.estimatorState = estimate.state;
      return estimate;
    },
    score(inputs) {
      const groups = scorer.scoreRewards(inputs);
      const estimate = scorer.estimate(groups);
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
  return scorer;
}
