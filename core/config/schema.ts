import { z } from 'zod';
import { FRAME_TRANSFORMS } from '../contracts/sample';

/**
 * The experiment file (YAML), after `extends:` merging and `--set` overrides. Plugin options are
 * validated later against each plugin's own schema (docs/style.md §4); here they are opaque objects.
 * Every field has a default, so `{}` is a valid (tiny) experiment.
 */

/** A plugin named in a config: `name` or `{ name, options }`. */
export const PluginRefSchema = z
  .union([z.string().min(1), z.strictObject({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) })])
  .transform((v) => (typeof v === 'string' ? { name: v, options: {} } : v));

const ref = (name: string, options: Record<string, unknown> = {}) => PluginRefSchema.default({ name, options });

/** A reward in the sum: total = Σ weight · component (docs/released-code.md §2.5: all weights 1). */
export const RewardRefSchema = z
  .union([
    z.string().min(1),
    z.strictObject({ name: z.string().min(1), weight: z.number().finite().default(1), options: z.record(z.string(), z.unknown()).default({}) }),
  ])
  .transform((v) => (typeof v === 'string' ? { name: v, weight: 1, options: {} } : v));

const OptimizerSchema = z.strictObject({
  /** Peak learning rate. */
  lr: z.number().positive().default(3e-3),
  /** Decoupled weight decay (AdamW). */
  weight_decay: z.number().min(0).default(0.01),
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.999),
  eps: z.number().positive().default(1e-8),
  /** Global gradient-norm clip (released code: 5). */
  max_grad_norm: z.number().positive().default(5),
  schedule: z.enum(['constant', 'cosine', 'linear-warmup']).default('constant'),
  warmup_steps: z.number().int().min(0).default(0),
});

const FramesSchema = z.strictObject({
  /** Frames per video in training (paper: 16). */
  count: z.number().int().min(1).max(256).default(8),
  height: z.number().int().min(4).max(256).default(24),
  width: z.number().int().min(4).max(256).default(24),
  channels: z.number().int().min(1).max(4).default(3),
});

export const ExperimentSchema = z.strictObject({
  /** Run and experiment name (defaults to the file name). */
  name: z.string().min(1).optional(),
  description: z.string().default(''),
  /** The one seed (docs/design.md §6). */
  seed: z.number().int().min(0).default(0),
  /** tfjs backend: auto tries tensorflow, wasm, cpu in that order. */
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).optional(),
  /** Output folder for runs and checkpoints (default from the project config). */
  output: z.string().optional(),
  /** User plugin modules (TypeScript or JavaScript), relative to the experiment file. */
  plugins: z.array(z.string().min(1)).default([]),
  tracker: ref('local'),
  tokenizer: ref('words'),
  policy: ref('tiny-vlm'),
  data: z
    .strictObject({
      source: ref('synthetic'),
      /** Task source for evaluation (defaults to `source`). */
      eval_source: PluginRefSchema.optional(),
      frames: FramesSchema.default(FramesSchema.parse({})),
    })
    .default({ source: { name: 'synthetic', options: {} }, frames: FramesSchema.parse({}) }),
  mixer: ref('image-video'),
  rewards: z
    .array(RewardRefSchema)
    .min(1)
    .default([
      { name: 'accuracy', weight: 1, options: {} },
      { name: 'format', weight: 1, options: {} },
    ]),
  advantage: ref('grpo'),
  /** SFT cold start (paper §3.2); steps 0 = the "zero" ablation. */
  sft: z
    .strictObject({
      steps: z.number().int().min(0).default(0),
      batch_size: z.number().int().min(1).default(16),
      /** Loss covers only the answer ('prompt' masked) or every non-pad token (released code). */
      mask: z.enum(['prompt', 'padding']).default('prompt'),
      optimizer: OptimizerSchema.default(OptimizerSchema.parse({})),
    })
    .default(() => ({ steps: 0, batch_size: 16, mask: 'prompt' as const, optimizer: OptimizerSchema.parse({}) })),
  rl: z
    .strictObject({
      steps: z.number().int().min(0).default(0),
      /** Prompts per step (released code: 4 GPUs x 1). */
      prompts_per_step: z.number().int().min(1).default(4),
      /** G, ordered rollouts per prompt (paper: 8). */
      group_size: z.number().int().min(2).default(8),
      temperature: z.number().positive().default(1),
      top_p: z.number().gt(0).max(1).default(0.95),
      max_new_tokens: z.number().int().min(1).default(24),
      /** Policy iterations mu per batch (released code: 1). */
      policy_iterations: z.number().int().min(1).default(1),
      /** Clip the importance ratio (released code: no). */
      clip: z.boolean().default(false),
      clip_eps_low: z.number().min(0).default(0.2),
      clip_eps_high: z.number().min(0).default(0.2),
      /** KL coefficient beta (released code: 0.04, on k3). */
      beta: z.number().min(0).default(0.04),
      /** KL term: `k3` on the sampled token (released code) or `full`, the exact KL(π_ref‖π) over the vocabulary at each completion position (objectives.ts). */
      kl_estimator: z.enum(['k3', 'full']).default('k3'),
      loss_agg: z.enum(['seq-mean-token-mean', 'token-mean', 'seq-mean-token-sum-norm']).default('seq-mean-token-mean'),
      /** PPO-ptx (InstructGPT Eq. 2; OpenRLHF `ptx_coef`): each RL update adds ptx_coef · the SFT cross-entropy of `ptx_batch_size` cold-start samples (0: off, released code). */
      ptx_coef: z.number().min(0).default(0),
      ptx_batch_size: z.number().int().min(1).default(16),
      /** Measure the gradient noise scale each step (two extra gradients on halves of the batch; core/stages/noise-scale.ts). */
      noise_scale: z.boolean().default(false),
      optimizer: OptimizerSchema.default(OptimizerSchema.parse({ lr: 1e-3, schedule: 'cosine' })),
      /** Log metrics every n steps. */
      log_every: z.number().int().min(1).default(1),
      /** Also checkpoint every n RL steps (0: only at the end); `train --resume` continues from one. */
      checkpoint_every: z.number().int().min(0).default(0),
      /** Groups that cannot teach (zero reward std; outside `accuracy_filter`): keep (TRL), drop, or resample fresh prompts (DAPO). */
      zero_std: z.enum(['keep', 'drop', 'resample']).default('keep'),
      /** resample: at most this many rounds of prompts per step, the first included. */
      resample_rounds: z.number().int().min(1).default(4),
      /** Online difficulty filter (EasyR1 online_filtering): keep groups whose mean `key` lies in (low, high); needs zero_std drop or resample. */
      accuracy_filter: z.strictObject({ key: z.string().min(1).default('accuracy'), low: z.number().default(0.01), high: z.number().default(0.99) }).optional(),
      /** A step (SFT or RL) whose loss or gradient is not finite is skipped; this many in a row stop the run (FAILED). */
      max_skipped_steps: z.number().int().min(1).default(3),
    })
    .default(() => ({
      steps: 0,
      prompts_per_step: 4,
      group_size: 8,
      temperature: 1,
      top_p: 0.95,
      max_new_tokens: 24,
      policy_iterations: 1,
      clip: false,
      clip_eps_low: 0.2,
      clip_eps_high: 0.2,
      beta: 0.04,
      kl_estimator: 'k3' as const,
      loss_agg: 'seq-mean-token-mean' as const,
      ptx_coef: 0,
      ptx_batch_size: 16,
      noise_scale: false,
      optimizer: OptimizerSchema.parse({ lr: 1e-3, schedule: 'cosine' }),
      log_every: 1,
      checkpoint_every: 0,
      zero_std: 'keep' as const,
      resample_rounds: 4,
      max_skipped_steps: 3,
    })),
  eval: z
    .strictObject({
      /** Evaluate after training (and every n RL steps when `every` > 0). */
      enabled: z.boolean().default(true),
      every: z.number().int().min(0).default(0),
      /** Samples per benchmark (0 = all). */
      limit: z.number().int().min(0).default(0),
      /**
       * Also evaluate under these frame transforms (`temporal_gap_<t>` = acc − acc_<t>, and
       * `logp_drop_<t>`); `shuffle` also writes today's `acc_shuffled`, `temporal_gap`, `logp_drop`. [] = none.
       */
      transforms: z.array(z.enum(FRAME_TRANSFORMS)).default(['shuffle']),
      /** Near-greedy decoding (eval_bench.py: T 0.1, top_p 0.001). */
      temperature: z.number().positive().default(0.1),
      top_p: z.number().gt(0).max(1).default(0.001),
      max_new_tokens: z.number().int().min(1).default(24),
      /** Reward plugin that scores each answer: `eval-bench` reproduces eval_bench.py (docs/released-code.md §5.5: exact MC, numerical rule, regression MRA, OCR/free-form 0). */
      scorer: z.string().default('eval-bench'),
    })
    .default(() => ({
      scorer: 'eval-bench',
      enabled: true,
      every: 0,
      limit: 0,
      transforms: ['shuffle' as const],
      temperature: 0.1,
      top_p: 0.001,
      max_new_tokens: 24,
    })),
});

export type ExperimentConfig = z.infer<typeof ExperimentSchema>;
export type OptimizerConfig = z.infer<typeof OptimizerSchema>;

/** The project defaults (cosmiconfig, module name `videor1`). */
export const ProjectSchema = z.strictObject({
  /** Where runs, checkpoints and local tracking go. */
  output: z.string().default('runs'),
  /** Default MLflow address for the `mlflow` tracker. */
  tracking_uri: z.string().optional(),
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  /** User plugin modules every experiment of the project can name, relative to this config file. */
  plugins: z.array(z.string().min(1)).default([]),
});
/** Project defaults, plus the file they were read from (absent when there is none). */
export type ProjectConfig = z.infer<typeof ProjectSchema> & { file?: string };

/** A fully resolved config: experiment + project defaults + where it came from. */
export interface ResolvedConfig extends Omit<ExperimentConfig, 'name' | 'backend' | 'output'> {
  name: string;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  output: string;
  /** Absolute path of the experiment file (or '<inline>'). */
  source: string;
  /** Project defaults used. */
  project: ProjectConfig;
}
