import type { z } from 'zod';
import type { Group } from './group';
import type { PluginMeta } from './plugin';
import type { FrameTransform } from './sample';

/** What an estimator needs beyond the ordered groups (docs/style.md §2). The stage fulfils it. */
export interface ContrastNeed {
  /** Number of contrast rollouts G~ per eligible prompt. */
  size: number;
  /** The counterfactual frames the contrast group sees (paper: shuffled). */
  transform: FrameTransform;
  /** Modalities that get a contrast group (T-GRPO: video only, docs/released-code.md §1.1). */
  modalities: readonly ('image' | 'video')[];
}

/** What an estimator asks for, given its options: a contrast group, reward components it reads. */
export interface EstimatorNeeds {
  contrast?: ContrastNeed;
  /** Reward components (reward names) the estimator reads; the config check refuses a config without them. */
  components?: readonly string[];
}

/** Output of an estimator: advantages `[B][G]`, reward bonuses it added, and batch metrics. */
export interface EstimateResult {
  /** `advantages[b][i]` for completion i of group b. */
  advantages: number[][];
  /** Reward components the estimator added to the totals or advantages (T-GRPO: `temporal`), `[B][G]`. */
  bonuses: Record<string, number[][]>;
  /** Totals the advantages normalise, `[B][G]` (bonuses included when they go to the reward). */
  totals: number[][];
  metrics: Record<string, number>;
  /** The estimator's state after this batch (stateful estimators only; JSON, saved in checkpoints). */
  state?: unknown;
}

/**
 * An advantage estimator (verl's core_algos, docs/style.md §2): parsed options and Groups in,
 * advantages plus metrics out. One file per estimator in plugins/advantage/. A stateful estimator
 * (EMA-GRPO's running moments) receives the state its previous call returned (`initialState` on
 * the first) and returns the next; the run keeps it and checkpoints it.
 */
export interface EstimatorPlugin<O extends z.ZodTypeAny = z.ZodTypeAny> extends PluginMeta<O> {
  readonly kind: 'advantage';
  /** Extra input this estimator asks the stage for, given its options. */
  needs?(options: z.infer<O>): EstimatorNeeds;
  /** The state before the first batch (JSON). */
  initialState?(options: z.infer<O>): unknown;
  estimate(groups: readonly Group[], options: z.infer<O>, state?: unknown): EstimateResult;
}

export function defineEstimator<O extends z.ZodTypeAny>(e: Omit<EstimatorPlugin<O>, 'kind'>): EstimatorPlugin<O> {
  return { kind: 'advantage', ...e };
}
