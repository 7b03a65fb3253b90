import type { Group } from '../contracts/group';
import type { RewardPlugin } from '../contracts/reward';
import type { FrameTransform } from '../contracts/sample';
import type { ResolvedConfig } from '../config/schema';
import type { PluginRegistry } from '../registry/registry';
import { checkRewardOrder, type ConfiguredReward, type GroupInput, scoreGroups } from './pipeline';

type Field = 'tokenLength' | 'tokenIds';

/** The configured rewards of a run (the REWARDS token): the RL step's rewards banner and `videor1 score`. */
export class RewardSet {
  /** Completion fields the rewards read, and which rewards read them. */
  readonly reads: Field[];
  readonly readers: Record<Field, string[]> = { tokenLength: [], tokenIds: [] };
  /** Transforms whose log-prob drop some reward reads (`RewardPlugin.frameScores`). */
  readonly frameTransforms: FrameTransform[];

  constructor(readonly rewards: readonly ConfiguredReward[]) {
    for (const r of rewards) for (const f of r.plugin.reads ?? []) this.readers[f].push(r.plugin.name);
    this.reads = (Object.keys(this.readers) as Field[]).filter((k) => this.readers[k].length > 0);
    this.frameTransforms = [...new Set(rewards.flatMap((r) => (r.plugin.frameScores ? [r.plugin.frameScores(r.options).transform] : [])))];
  }

  get names(): string[] {
    return this.rewards.map((r) => r.plugin.name);
  }

  /** Run every reward over each group, ordered and contrast (docs/released-code.md §2.5). */
  score(inputs: readonly GroupInput[]): Group[] {
    return scoreGroups(inputs, this.rewards);
  }
}

/** The rewards a config names (plugin options already parsed), in order; `needs` must come earlier. */
export async function loadRewards(cfg: ResolvedConfig, registry: PluginRegistry): Promise<RewardSet> {
  const rewards: ConfiguredReward[] = [];
  for (const [i, r] of cfg.rewards.entries()) {
    rewards.push({ plugin: await registry.load<RewardPlugin>('reward', r.name, `rewards[${i}]`), options: r.options, weight: r.weight });
  }
  checkRewardOrder(rewards, cfg.source);
  return new RewardSet(rewards);
}
