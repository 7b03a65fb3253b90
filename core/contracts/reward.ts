import type { z } from 'zod';
import type { Group } from './group';
import type { PluginMeta } from './plugin';
import type { FrameTransform } from './sample';

/**
 * A reward function (docs/design.md §3, docs/style.md §3): a pure function of one Group returning one finite
 * number per ordered completion inside `range`. It must never throw on model output.
 * The framework handles weighting, summing and `rewards/<name>/mean|std`.
 */
export interface RewardPlugin<O extends z.ZodTypeAny = z.ZodTypeAny> extends PluginMeta<O> {
  readonly kind: 'reward';
  /** Inclusive range of every value returned. */
  readonly range: readonly [number, number];
  /** Reward components that must be computed before this one (e.g. length needs accuracy). */
  readonly needs?: readonly string[];
  /** Completion fields beyond `text` this reward reads (offline scoring checks they are given). */
  readonly reads?: readonly ('tokenLength' | 'tokenIds')[];
  /**
   * The policy's scores under transformed frames this reward reads, given its options: the stage
   * fills `group.logpDrop[transform]` for video groups (TaRO's per-response drop).
   */
  frameScores?(options: z.infer<O>): { transform: FrameTransform };
  /** Score the ordered completions of one group. */
  score(group: Group, options: z.infer<O>): number[];
}

export function defineReward<O extends z.ZodTypeAny>(r: Omit<RewardPlugin<O>, 'kind' | 'metrics'> & { metrics?: readonly string[] }): RewardPlugin<O> {
  return { kind: 'reward', metrics: [`rewards/${r.name}/mean`, `rewards/${r.name}/std`], ...r };
}
