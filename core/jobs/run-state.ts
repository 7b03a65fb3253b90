import * as fs from 'node:fs';
import * as path from 'node:path';
import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import type { Policy } from '../contracts/policy';
import type { Tokenizer } from '../contracts/tokenizer';
import type { ResolvedConfig } from '../config/schema';
import { flattenConfig } from '../config/flatten';
import { UserError } from '../errors';
import type { Estimator } from '../rewards/estimator';
import type { RngStreams } from '../run/streams';
import { CONFIG, ESTIMATOR, POLICY, RNG, TOKENIZER } from '../tokens';

const RngState = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/**
 * Where a run stands, saved beside the policy in every checkpoint: which stages are done, the RL
 * step reached, where the RL schedule began, and every RNG stream. With the policy's own state
 * (weights, reference, AdamW moments, step) it makes `train --resume` go on exactly as if the run
 * had never stopped (same backend).
 */
export const RunStateSchema = z.strictObject({
  version: z.literal(1),
  sft_done: z.boolean(),
  /** RL steps completed. */
  rl_step: z.number().int().min(0),
  /** Policy step at which the RL schedule began (OptimizerOptions.startStep). */
  rl_start_step: z.number().int().min(0),
  rng: z.strictObject({ data: RngState, sample: RngState, shuffle: RngState, policy: RngState }),
  /** A stateful advantage estimator's state (EMA-GRPO's per-task moments); absent for stateless ones. */
  estimator_state: z.unknown().optional(),
  /** The flattened config the run was started with (resuming checks it). */
  config: z.record(z.string(), z.string()),
});
export type RunState = z.infer<typeof RunStateSchema>;

const FILE = 'run-state.json';

/**
 * Config keys a resumed run may change: logging, evaluation and where things go. Not `rl.steps`:
 * the learning-rate schedule spans it, so a new budget would change the steps already planned.
 */
const MAY_CHANGE = /^(name|description|output|tracker|plugins|eval|rl\.log_every|rl\.checkpoint_every|source|project)(\.|$)/;

/** Where RL stands when a checkpoint is written. */
export interface RunProgress {
  sftDone: boolean;
  rlStep: number;
  rlStartStep: number;
}

/** A run's checkpoints: write one (policy state, tokenizer, run state), or restore one to resume. */
@injectable()
export class RunCheckpoints {
  constructor(
    @inject(CONFIG) private readonly cfg: ResolvedConfig,
    @inject(POLICY) private readonly policy: Policy,
    @inject(TOKENIZER) private readonly tokenizer: Tokenizer,
    @inject(RNG) private readonly rng: RngStreams,
    @inject(ESTIMATOR) private readonly estimator: Estimator,
  ) {}

  /** The run state now: progress, every RNG stream, the estimator's state and the config. */
  state(progress: RunProgress): RunState {
    return {
      version: 1,
      sft_done: progress.sftDone,
      rl_step: progress.rlStep,
      rl_start_step: progress.rlStartStep,
      rng: this.rng.states(),
      estimator_state: this.estimator.state,
      config: Object.fromEntries(flattenConfig(this.cfg)),
    };
  }

  /** Write a checkpoint folder: policy state, tokenizer and run state. */
  async save(dir: string, progress: RunProgress): Promise<void> {
    const state = this.state(progress);
    await this.policy.save(dir, this.rng.policy);
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(this.tokenizer.toJSON()));
    fs.writeFileSync(path.join(dir, FILE), JSON.stringify(state, null, 2));
  }

  /** Restore a checkpoint of this config's run: policy state, then every RNG stream and the estimator's state. */
  async restore(dir: string): Promise<RunState> {
    const state = readRunState(dir, this.cfg);
    await this.policy.load(dir, this.rng.policy);
    this.rng.restore(state.rng);
    if (state.estimator_state !== undefined) this.estimator.state = state.estimator_state;
    return state;
  }
}

/** Read a checkpoint's run state and check the config it ran with against this one. */
export function readRunState(dir: string, cfg: ResolvedConfig): RunState {
  const file = path.join(dir, FILE);
  if (!fs.existsSync(file))
    throw new UserError('cannot resume: no run state in this checkpoint', { file: dir, expected: `${FILE} (written by videor1 train)`, found: 'none' });
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`cannot read the run state: ${(e as Error).message}`, { file });
  }
  const parsed = RunStateSchema.safeParse(raw);
  if (!parsed.success) throw new UserError('not a videor1 run state', { file, found: parsed.error.issues[0]?.message });
  const now = Object.fromEntries(flattenConfig(cfg));
  const keys = [...new Set([...Object.keys(now), ...Object.keys(parsed.data.config)])].filter((k) => !MAY_CHANGE.test(k));
  const changed = keys.filter((k) => now[k] !== parsed.data.config[k]);
  if (changed.length > 0) {
    throw new UserError('cannot resume with a different config', {
      file,
      expected: 'the config the run started with (budgets, eval and tracking may change)',
      found: changed
        .slice(0, 5)
        .map((k) => `${k}: ${parsed.data.config[k] ?? '(none)'} -> ${now[k] ?? '(none)'}`)
        .join(', '),
    });
  }
  return parsed.data;
}
