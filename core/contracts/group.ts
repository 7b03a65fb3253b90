import type { FrameTransform, Modality, VideoR1Record } from './sample';

/** One sampled completion. */
export interface Completion {
  /** Decoded text, special tokens skipped (docs/released-code.md §2.1). */
  text: string;
  /** Generated tokens up to and including the first end-of-sequence token (docs/released-code.md §2.4). */
  tokenLength: number;
  /** Token ids, when a policy produced the completion (absent for offline scoring). */
  tokenIds?: number[];
}

/** The sample fields rewards may read: the scoring fields are required, the rest optional. */
export type GroupSample = Pick<VideoR1Record, 'problem_type' | 'solution'> & { data_type: Modality } & Partial<
    Omit<VideoR1Record, 'problem_type' | 'solution' | 'data_type'>
  >;

/**
 * The unit rewards and estimators see (docs/design.md §2): one prompt, its G ordered completions,
 * the optional G~ contrast completions (T-GRPO, shuffled frames), and the reward components
 * computed so far, in the configured order. `components[name][i]` belongs to `completions[i]`.
 */
export interface Group {
  readonly sample: GroupSample;
  readonly completions: readonly Completion[];
  readonly contrast?: readonly Completion[];
  /** Reward components of the ordered completions computed so far (unweighted). */
  readonly components: Readonly<Record<string, readonly number[]>>;
  /** Reward components of the contrast completions (same reward functions). */
  readonly contrastComponents?: Readonly<Record<string, readonly number[]>>;
  /** Weighted sum of all reward components: the total reward before any estimator bonus. */
  readonly rewards: readonly number[];
  /**
   * Per ordered completion, its mean per-token log-prob under the ordered frames minus under
   * transformed ones (TaRO's drop), by transform. Present for video groups in RL: the stage
   * measures the contrast's transform (for `temporal/logp_drop`) and every transform a reward's
   * meta asks for (`RewardPlugin.frameScores`).
   */
  readonly logpDrop?: Readonly<Partial<Record<FrameTransform, readonly number[]>>>;
}

export type { Modality };
