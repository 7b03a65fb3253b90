/**
 * The RL stage: one step reads top to bottom (style.md §1, after CleanRL), in the order of
 * design.md §2: data → ordered rollouts → contrast rollouts → rewards → advantages → objective
 * and optimizer → metrics. Plugins are called, never inlined; no branch on a plugin name.
 */
import type { ContrastNeed } from '../contracts/advantage';
import type { Completion } from '../contracts/group';
import type { OptimizerOptions, Prompt, RlExample, RlObjectiveOptions, Rollout, SamplingOptions } from '../contracts/policy';
import { permuteFrames, type Sample } from '../contracts/sample';
import type { OptimizerConfig } from '../config/schema';
import { toPrompt } from '../data/prompt';
import type { GroupInput } from '../rewards/pipeline';
import { mean, rewardMetrics } from '../rewards/pipeline';
import type { StageContext } from './context';
import { runEval } from './eval';

/** Derived, read-only settings of the RL stage: computed once, visibly (style.md §1). */
export function rlSettings(ctx: StageContext, rlStartStep: number) {
  const rl = ctx.cfg.rl;
  const contrast: ContrastNeed | undefined = ctx.scorer.estimator.plugin.needs?.(ctx.scorer.estimator.options).contrast;
  return Object.freeze({
    sampling: { n: rl.group_size, temperature: rl.temperature, topP: rl.top_p, maxNewTokens: rl.max_new_tokens } satisfies SamplingOptions,
    contrast,
    objective: {
      clip: rl.clip, clipEpsLow: rl.clip_eps_low, clipEpsHigh: rl.clip_eps_high, beta: rl.beta,
      lossAgg: rl.loss_agg, normLength: rl.max_new_tokens,
    } satisfies RlObjectiveOptions,
    optimizer: optimizerOptions(rl.optimizer, rl.steps * rl.policy_iterations, rlStartStep),
    /** The rollout log-probs serve as π_old when nothing re-uses them (μ = 1, no clip: ratio = 1 in value, reference §3). */
    recomputeOld: rl.policy_iterations > 1 || rl.clip,
  });
}
type RlSettings = ReturnType<typeof rlSettings>;

/** Where RL starts: fresh after SFT, or a resumed run's step and schedule origin. */
export interface RlStart {
  firstStep: number;
  rlStartStep: number;
  resumed: boolean;
}

/**
 * Run RL up to `cfg.rl.steps` steps; returns the last step's metrics. `checkpoint(step)` is
 * called every `rl.checkpoint_every` steps (not after the last: the job saves that one).
 */
export async function runRl(ctx: StageContext, start?: RlStart, checkpoint?: (stepsDone: number, rlStartStep: number) => Promise<void>): Promise<Record<string, number>> {
  if (!start?.resumed) {
    ctx.policy.snapshotReference(); // π_ref = the policy after SFT (reference §3, KL)
    ctx.policy.resetOptimizer(); // the RL trainer starts its own AdamW (reference §3)
  }
  const rlStartStep = start?.rlStartStep ?? ctx.policy.step;
  const s = rlSettings(ctx, rlStartStep);
  let last: Record<string, number> = {};
  const { every, enabled } = ctx.cfg.eval;
  const total = ctx.cfg.rl.steps;
  let window: Record<string, number>[] = [];
  for (let step = start?.firstStep ?? 0; step < total; step++) {
    last = await rlStep(ctx, s, step);
    window.push(last);
    const lastStep = step === total - 1; // the job evaluates and checkpoints after the last step
    if ((step + 1) % ctx.cfg.rl.log_every === 0 || lastStep) {
      await ctx.log(step, meanOf(window)); // TRL logs the mean over the logging window
      window = [];
      ctx.say(`rl step ${step + 1}/${total}  reward ${last.reward.toFixed(3)}  acc ${(last['rewards/accuracy/mean'] ?? NaN).toFixed(3)}  loss ${last.policy_loss.toFixed(4)}`);
    }
    if (enabled && every > 0 && (step + 1) % every === 0 && !lastStep) await runEval(ctx, step + 1);
    const ckEvery = ctx.cfg.rl.checkpoint_every;
    if (checkpoint && ckEvery > 0 && (step + 1) % ckEvery === 0 && !lastStep) await checkpoint(step + 1, rlStartStep);
  }
  return last;
}

/** One T-GRPO / GRPO step. */
export async function rlStep(ctx: StageContext, s: RlSettings, _step: number): Promise<Record<string, number>> {
  const { policy, tokenizer, scorer } = ctx;

  // ---- 1. data: a batch of prompts, mixed by modality and category (design.md §2)
  if (!ctx.mixer) throw new Error('the RL stage needs a mixer (the composition root makes one when there is RL data)');
  const batch = ctx.mixer.next(ctx.cfg.rl.prompts_per_step, ctx.rng.data);
  const prompts: Prompt[] = batch.samples.map((x) => toPrompt(x, tokenizer));

  // ---- 2. ordered rollouts: G completions per prompt, one batched call (paper §3.1, o_i)
  const rollouts = policy.sample(prompts, s.sampling, ctx.rng.sample);

  // ---- 3. contrast rollouts: G~ completions on shuffled frames, for eligible prompts (Eq. 1, õ_i)
  const contrast = s.contrast ? contrastRollouts(ctx, s.sampling, s.contrast, batch.samples, prompts) : new Map<number, Rollout>();

  // ---- 4. rewards: every configured reward over each group, ordered and contrast (reference §2.5)
  const inputs: GroupInput[] = batch.samples.map((sample, b) => ({
    sample,
    completions: completionsOf(rollouts[b], tokenizer),
    contrast: contrast.has(b) ? completionsOf(contrast.get(b)!, tokenizer) : undefined,
  }));

  // ---- 5. advantages: estimator bonuses (t-grpo: Eq. 1-2) then normalisation (Eq. 3)
  const scored = scorer.score(inputs);
  const advantages = scored.advantages; // [B][G]

  // ---- 6. objective and optimizer: μ policy iterations on the same rollouts (Eq. 4)
  const examples: RlExample[] = prompts.flatMap((prompt, b) =>
    rollouts[b].tokenIds.map((completion, i) => ({ prompt, completion, advantage: advantages[b][i], oldLogProbs: rollouts[b].logProbs[i] })),
  );
  if (s.recomputeOld) {
    const old = policy.logProbs(examples.map((e) => e.prompt), examples.map((e) => e.completion)); // π_θold
    examples.forEach((e, k) => (e.oldLogProbs = old[k]));
  }
  let stats = policy.rlStep(examples, s.objective, s.optimizer);
  for (let it = 1; it < ctx.cfg.rl.policy_iterations; it++) stats = policy.rlStep(examples, s.objective, s.optimizer);

  // ---- 7. metrics (TRL names where one exists, design.md §4)
  const lengths = rollouts.flatMap((r) => r.lengths);
  const eos = tokenizer.special.eos;
  const clipped = rollouts.flatMap((r) => r.tokenIds.map((t) => (t[t.length - 1] === eos ? 0 : 1)));
  return {
    ...rewardMetrics(scored.groups, scorer.rewards, scored.estimate.totals),
    ...scored.estimate.metrics,
    'completions/mean_length': mean(lengths),
    'completions/max_length': Math.max(...lengths),
    'completions/clipped_ratio': mean(clipped),
    'batch/video_frac': batch.modalities.video / batch.samples.length,
    policy_loss: stats.policyLoss ?? stats.loss,
    kl: stats.kl ?? 0,
    clip_ratio: stats.clipFraction ?? 0,
    grad_norm: stats.gradNorm,
    lr: stats.lr,
  };
}

/** Shuffle each eligible prompt's frames (one uniform permutation, reference §1.1) and roll out G~. */
function contrastRollouts(ctx: StageContext, sampling: SamplingOptions, need: ContrastNeed, samples: readonly Sample[], prompts: readonly Prompt[]): Map<number, Rollout> {
  const eligible = samples.map((x, b) => b).filter((b) => need.modalities.includes(samples[b].data_type));
  if (eligible.length === 0) return new Map();
  const shuffled = eligible.map((b) => ({ ...prompts[b], frames: permuteFrames(prompts[b].frames, ctx.rng.shuffle.permutation(prompts[b].frames.t)) }));
  const out = ctx.policy.sample(shuffled, { ...sampling, n: need.size }, ctx.rng.sample);
  return new Map(eligible.map((b, k) => [b, out[k]]));
}

/** Decode with special tokens skipped (reference §2.1); length counts the eos (reference §2.4). */
function completionsOf(r: Rollout, tokenizer: StageContext['tokenizer']): Completion[] {
  return r.tokenIds.map((ids, i) => ({ text: tokenizer.decode(ids, { skipSpecial: true }), tokenLength: r.lengths[i], tokenIds: ids }));
}

/** The policy's optimizer settings for a stage whose schedule starts at policy step `startStep`. */
export function optimizerOptions(o: OptimizerConfig, totalSteps: number, startStep: number): OptimizerOptions {
  return {
    startStep,
    lr: o.lr, weightDecay: o.weight_decay, beta1: o.beta1, beta2: o.beta2, eps: o.eps, maxGradNorm: o.max_grad_norm,
    schedule: o.schedule, warmupSteps: o.warmup_steps, totalSteps: Math.max(1, totalSteps),
  };
}

/** Key-wise mean of metric records (keys missing in some records average over those that have them). */
function meanOf(records: readonly Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(keys.map((k) => [k, mean(records.filter((r) => k in r).map((r) => r[k]))]));
}
