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
  /** Independent seeded streams (design.md §6). */
  rng: { data: Rng; sample: Rng; shuffle: Rng; policy: Rng };
  /** Log one step's metrics (tracker + console). */
  log(step: number, metrics: Record<string, number>): Promise<void>;
  /** Print progress for people. */
  say(text: string): void;
}
