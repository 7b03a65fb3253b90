/**
 * The SFT cold start (paper §3.2; released sft_video.py, docs/released-code.md §6): cross-entropy on
 * `process` + "\n" + `solution`, on samples the teacher got right. `steps: 0` is the "zero"
 * ablation (RL straight from the initial policy).
 */
import { inject, injectable } from 'tsyringe';
import type { LoadedData } from '../contracts/data';
import type { Policy, SftExample } from '../contracts/policy';
import type { Tokenizer } from '../contracts/tokenizer';
import type { ResolvedConfig } from '../config/schema';
import { toSftExample } from '../data/prompt';
import { RunError } from '../errors';
import type { MetricSink } from '../jobs/metric-sink';
import type { Reporter } from '../run/reporter';
import type { RngStreams } from '../run/streams';
import { CONFIG, DATA, METRICS, POLICY, REPORTER, RNG, TOKENIZER } from '../tokens';
import { NonFiniteGuard } from './guard';
import { optimizerOptions } from './optimizer';

@injectable()
export class SftStage {
  constructor(
    @inject(CONFIG) private readonly cfg: ResolvedConfig,
    @inject(DATA) private readonly data: LoadedData,
    @inject(TOKENIZER) private readonly tokenizer: Tokenizer,
    @inject(POLICY) private readonly policy: Policy,
    @inject(RNG) private readonly rng: RngStreams,
    @inject(METRICS) private readonly metrics: MetricSink,
    @inject(REPORTER) private readonly reporter: Reporter,
  ) {}

  /** Run `sft.steps` steps; returns the last step's metrics. */
  async run(): Promise<Record<string, number>> {
    const { cfg, policy, tokenizer } = this;
    const sft = cfg.sft;
    const pool = this.data.sft;
    if (sft.steps === 0) return {};
    policy.resetOptimizer();
    const optimizer = optimizerOptions(sft.optimizer, sft.steps, policy.step);
    let last: Record<string, number> = {};
    const guard = new NonFiniteGuard(cfg.rl.max_skipped_steps);
    for (let step = 0; step < sft.steps; step++) {
      const batch: SftExample[] = Array.from({ length: sft.batch_size }, () => toSftExample(pool[this.rng.data.int(pool.length)], tokenizer));
      const stats = policy.sftStep(batch, sft.mask, optimizer);
      const g = guard.record(stats.skipped === true);
      last = { 'sft/loss': stats.loss, 'sft/grad_norm': stats.gradNorm, 'sft/lr': stats.lr, 'sft/skipped_steps': g.skippedSteps };
      if (g.stop) {
        await this.metrics.log(step + 1, last);
        throw new RunError(
          `SFT stopped at step ${step + 1}: ${g.inARow} steps in a row had a non-finite loss or gradient (rl.max_skipped_steps ${cfg.rl.max_skipped_steps}); lower sft.optimizer.lr`,
        );
      }
      if ((step + 1) % 10 === 0 || step === sft.steps - 1) {
        await this.metrics.log(step + 1, last); // metrics at the count of steps done, as the progress line
        this.reporter.progress({ stage: 'sft', step: step + 1, total: sft.steps, values: { loss: stats.loss.toFixed(4) } });
      }
    }
    return last;
  }
}
