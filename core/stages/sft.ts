/**
 * The SFT cold start (paper §3.2; released sft_video.py, reference §6): cross-entropy on
 * `process` + "\n" + `solution`, on samples the teacher got right. `steps: 0` is the "zero"
 * ablation (RL straight from the initial policy).
 */
import type { SftExample } from '../contracts/policy';
import { sftTarget, toPrompt } from '../data/prompt';
import type { StageContext } from './context';
import { optimizerOptions } from './rl';

export async function runSft(ctx: StageContext): Promise<Record<string, number>> {
  const sft = ctx.cfg.sft;
  const pool = ctx.data.sft;
  if (sft.steps === 0) return {};
  ctx.policy.resetOptimizer();
  const optimizer = optimizerOptions(sft.optimizer, sft.steps, ctx.policy.step);
  let last: Record<string, number> = {};
  for (let step = 0; step < sft.steps; step++) {
    const batch: SftExample[] = Array.from({ length: sft.batch_size }, () => {
      const sample = pool[ctx.rng.data.int(pool.length)];
      return { prompt: toPrompt(sample, ctx.tokenizer), target: ctx.tokenizer.encode(sftTarget(sample)) };
    });
    const stats = ctx.policy.sftStep(batch, sft.mask, optimizer);
    last = { 'sft/loss': stats.loss, 'sft/grad_norm': stats.gradNorm, 'sft/lr': stats.lr };
    if ((step + 1) % 10 === 0 || step === sft.steps - 1) {
      await ctx.log(step, last);
      ctx.say(`sft step ${step + 1}/${sft.steps}  loss ${stats.loss.toFixed(4)}`);
    }
  }
  return last;
}
