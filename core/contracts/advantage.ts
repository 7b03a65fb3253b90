import type { z } from 'zod';
import type { Group } from './group';
import type { PluginMeta } from './plugin';

/** Media transforms an estimator may ask the stage to apply to a contrast group. */
export type ContrastTransform = 'shuffle-frames';

/** What an estimator needs beyond the ordered groups (style.md §2). The stage fulfils it. */
export interface ContrastNeed {
  /** Number of contrast rollouts G~ per eligible prompt. */
  size: number;
  transform: ContrastTransform;
  /** Modalities that get a contrast group (T-GRPO: video only, reference §1.1). */
  modalities: readonly ('image' | 'video')[];
}

/** Output of an estimator: advantages `[B][G]`, reward bonuses it added, and batch metrics. */
export interface EstimateResult {
  /** `advantages[b][i]` for completion i of group b. */
  advantages: number[][];
  /** Reward components the estimator added to the totals (T-GRPO: `temporal`), `[B][G]`. */
  bonuses: Record<string, number[][]>;
  /** Totals after bonuses, `[B][G]`: what the advantages normalise. */
  totals: number[][];
  metrics: Record<string, number>;
}

/**
 * An advantage estimator (verl's core_algos, style.md §2): parsed options and Groups in,
 * advantages plus metrics out. One file per estimator in plugins/advantage/.
 */
export interface EstimatorPlugin<O extends z.ZodTypeAny = z.ZodTypeAny> extends PluginMeta<O> {
  readonly kind: 'advantage';
  /** Extra input this estimator asks the stage for, given its options. */
  needs?(options: z.infer<O>): { contrast?: ContrastNeed };
  estimate(groups: readonly Group[], options: z.infer<O>): EstimateResult;
}

export function defineEstimator<O extends z.ZodTypeAny>(
  e: Omit<EstimatorPlugin<O>, 'kind'>,
): EstimatorPlugin<O> {
  return { kind: 'advantage', ...e };
}
