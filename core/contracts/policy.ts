import type { Rng } from '../rng';
import type { Frames, Modality } from './sample';

/** One prompt for the policy: frames plus question tokens. */
export interface Prompt {
  frames: Frames;
  modality: Modality;
  /** Question token ids (no answer). */
  tokens: number[];
}

export interface SamplingOptions {
  /** Completions per prompt. */
  n: number;
  temperature: number;
  topP: number;
  maxNewTokens: number;
}

/** One batch of `Policy.sampleBatches`: prompts and how to sample them. */
export interface SampleBatch {
  prompts: readonly Prompt[];
  options: SamplingOptions;
}

/** Completions of one prompt. Token arrays end at (and include) the first eos, if any. */
export interface Rollout {
  tokenIds: number[][];
  /** Per-token log-probs under the sampling policy, same shape as `tokenIds`. */
  logProbs: number[][];
  /** Lengths, end token included (docs/released-code.md §2.4). */
  lengths: number[];
}

/** One SFT example: prompt + target tokens (answer text, eos appended by the policy). */
export interface SftExample {
  prompt: Prompt;
  target: number[];
}

/** Which tokens the SFT loss covers: only the target, or everything but padding (released code, docs/released-code.md §6). */
export type SftMask = 'prompt' | 'padding';

/** One RL example: a prompt, one completion, its advantage and its log-probs at rollout time. */
export interface RlExample {
  prompt: Prompt;
  completion: number[];
  advantage: number;
  /** Per-token log-probs under the rollout (old) policy. */
  oldLogProbs: number[];
}

export type KlEstimator = 'k3' | 'full';

export type LossAggregation = 'seq-mean-token-mean' | 'token-mean' | 'seq-mean-token-sum-norm';

/** The RL objective (paper Eq. 4; released code docs/released-code.md §3). */
export interface RlObjectiveOptions {
  clipEpsLow: number;
  clipEpsHigh: number;
  /** Clip the ratio at all (released code: no). */
  clip: boolean;
  /** KL coefficient beta. */
  beta: number;
  /** `k3` on the sampled token (released code) or `full`: the exact KL(π_ref‖π) over the vocabulary. */
  klEstimator: KlEstimator;
  lossAgg: LossAggregation;
  /** Constant divisor for `seq-mean-token-sum-norm` (Dr. GRPO): the max completion length. */
  normLength: number;
}

/**
 * SFT data replayed during RL: loss = RL objective + coef · SFT cross-entropy on `examples`, one
 * update (InstructGPT's PPO-ptx, Ouyang et al. 2022 Eq. 2, there on pretraining data; OpenRLHF `ptx_coef`).
 */
export interface PtxReplay {
  examples: readonly SftExample[];
  mask: SftMask;
  coef: number;
}

export interface OptimizerOptions {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  maxGradNorm: number;
  schedule: 'constant' | 'cosine' | 'linear-warmup';
  warmupSteps: number;
  /** Steps of this stage's schedule. */
  totalSteps: number;
  /** Policy step at which this stage began: the schedule counts from here (SFT and RL each run their own). */
  startStep: number;
}

/** Statistics of one optimizer step. */
export interface StepStats {
  loss: number;
  gradNorm: number;
  lr: number;
  /** RL only: mean k3 KL, policy term, clip fraction. */
  kl?: number;
  policyLoss?: number;
  clipFraction?: number;
  /** RL with a replay only: the replayed SFT cross-entropy (before the coefficient). */
  ptxLoss?: number;
  /** The loss or the gradient was not finite: no parameter, moment or step counter changed. */
  skipped?: boolean;
}

/**
 * The policy (docs/design.md §3): batched, KV-cached, seeded sampling; per-token scoring under the
 * policy and a frozen reference; SFT and RL updates; checkpoints holding weights, optimizer
 * state, RNG state and step.
 */
export interface Policy {
  readonly name: string;
  /** Trainable parameter count. */
  readonly parameterCount: number;
  /** Sample `options.n` completions for every prompt in one batched call. */
  sample(prompts: readonly Prompt[], options: SamplingOptions, rng: Rng): Rollout[];
  /**
   * Sample several batches in one call (an RL step's ordered and contrast rollouts), one
   * `Rollout[]` per batch. A policy may decode them together (tiny-vlm does when their options
   * agree but for `n`), so the same seed can give other tokens than separate `sample` calls.
   */
  sampleBatches(batches: readonly SampleBatch[], rng: Rng): Rollout[][];
  /** Per-token log-probs of given completions under the policy (`reference: true`: frozen copy). */
  logProbs(prompts: readonly Prompt[], completions: readonly number[][], reference?: boolean): number[][];
  /** Copy the current weights into the frozen reference. */
  snapshotReference(): void;
  /** Start a fresh optimizer state (zero moments), as the released code does between SFT and RL. */
  resetOptimizer(): void;
  sftStep(batch: readonly SftExample[], mask: SftMask, optimizer: OptimizerOptions): StepStats;
  /** `replay`: SFT examples whose cross-entropy joins the RL loss in the same update (`rl.ptx_coef`, PtxReplay). */
  rlStep(batch: readonly RlExample[], objective: RlObjectiveOptions, optimizer: OptimizerOptions, replay?: PtxReplay): StepStats;
  /** The global norm of the RL objective's gradient on `batch`, no update (`rl.noise_scale`: McCandlish et al. 2018's gradient noise scale). */
  rlGradientNorm(batch: readonly RlExample[], objective: RlObjectiveOptions): number;
  /** Optimizer steps taken so far. */
  readonly step: number;
  save(dir: string, rng: Rng): Promise<void>;
  load(dir: string, rng: Rng): Promise<void>;
  dispose(): void;
}

/** What a policy plugin's `create` receives. */
export interface PolicyDeps {
  vocabSize: number;
  padId: number;
  eosId: number;
  frames: { frames: number; height: number; width: number; channels: number };
  seed: number;
}
