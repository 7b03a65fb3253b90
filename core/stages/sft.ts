/**
 * The SFT cold start (paper §3.2; released sft_video.py, docs/released-code.md §6): cross-entropy on
 * `process` + "\n" + `solution`, on samples the teacher got right. `steps: 0` is the "zero"
 * ablation (RL straight from the initial policy).
 */
import { RunError } from '../errors';
import { NonFiniteGuard } from './guard';
import type { SftExample } from '../contracts/policy';
import { sftTarget, toPrompt } from '../data/prompt';
import { reportProgress, type StageContext } from './context';
import { optimizerOptions } from './rl';

export async function runSft(ctx: StageContext): Promise<Record<string, number>> {
  const sft = ctx.cfg.sft;
  const pool = ctx.data.sft;
  if (sft.steps === 0) return {};
  ctx.policy.resetOptimizer();
  const optimizer = optimizerOptions(sft.optimizer, sft.steps, ctx.policy.step);
  let last: Record<string, number> = {};
  const guard = new NonFiniteGuard(ctx.cfg.rl.max_skipped_steps);
  for (let step = 0; step < sft.steps; step++) {
    const batch: SftExample[] = Array.from({ length: sft.batch_size }, () => {
      const sample = pool[ctx.rng.data.int(pool.length)];
      return { prompt: toPrompt(sample, ctx.tokenizer), target: ctx.tokenizer.encode(sftTarget(sample)) };
    });
    const stats = ctx.policy.sftStep(batch, sft.mask, optimizer);
    const g = guard.record(stats.skipped === true);
    last = { 'sft/loss': stats.loss, 'sft/grad_norm': stats.gradNorm, 'sft/lr': stats.lr, 'sft/skipped_steps': g.skippedSteps };
    if (g.stop) {
      await ctx.log(step + 1, last);
      throw new RunError(
        `SFT stopped at step ${step + 1}: ${g.inARow} steps in a row had a non-finite loss or gradient (rl.max_skipped_steps ${ctx.cfg.rl.max_skipped_steps}); lower sft.optimizer.lr`,
      );
    }
    if ((step + 1) % 10 === 0 || step === sft.steps - 1) {
      await ctx.log(step + 1, last); // metrics at the count of steps done, as the progress line
      reportProgress(ctx, { stage: 'sft', step: step + 1, total: sft.steps, values: { loss: stats.loss.toFixed(4) } });
    }
  }
  return last;
}
