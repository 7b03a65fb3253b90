import type { Backend } from '../contracts/backend';
import type { DataMixer, TaskSourceResult } from '../contracts/data';
import type { Policy } from '../contracts/policy';
import type { Sample } from '../contracts/sample';
import type { Tokenizer } from '../contracts/tokenizer';
import type { ResolvedConfig } from '../config/schema';
import type { ConfiguredReward } from '../rewards/pipeline';
import type { Scorer } from '../rewards/scorer';
import type { Rng } from '../rng';

/** Everything a stage reads, resolved once per run by the composition root. */
export interface StageContext {
  cfg: ResolvedConfig;
  backend: Backend;
  tokenizer: Tokenizer;
  policy: Policy;
  /** Present when the run has RL steps and RL data. */
  mixer?: DataMixer;
  scorer: Scorer;
  /** Scores evaluation answers (cfg.eval.scorer). */
  evalReward: ConfiguredReward;
  /** Loaded splits. */
  data: { rl: Sample[]; sft: Sample[]; eval: Sample[]; stats: Record<string, unknown>; skipped: Record<string, TaskSourceResult['skipped']> };
  /** Independent seeded streams (docs/design.md §6). */
  rng: { data: Rng; sample: Rng; shuffle: Rng; policy: Rng };
  /** Log one step's metrics (tracker + console). */
  log(step: number, metrics: Record<string, number>): Promise<void>;
  /** Print progress for people. */
  say(text: string): void;
  /** A progress bar per stage on a terminal (absent: progress goes to `say` as plain lines). */
  progress?(p: StageProgress): void;
}

/** A stage's progress: step of total, and its headline numbers already formatted (reward, loss). */
export interface StageProgress {
  stage: 'sft' | 'rl';
  step: number;
  total: number;
  values: Record<string, string>;
}

/** The plain progress line (stderr that is not a terminal): `rl step 3/60  reward 1.423  loss 0.0123`. */
export function progressLine(p: StageProgress): string {
  return [`${p.stage} step ${p.step}/${p.total}`, ...Object.entries(p.values).map(([k, v]) => `${k} ${v}`)].join('  ');
}

/** Report progress: to the context's progress bar when it has one, else as a plain `say` line. */
export function reportProgress(ctx: Pick<StageContext, 'say' | 'progress'>, p: StageProgress): void {
  if (ctx.progress) ctx.progress(p);
  else ctx.say(progressLine(p));
}
