/**
 * The RL stage: one step reads top to bottom (docs/style.md §1, after CleanRL), in the order of
 * docs/design.md §2: data → ordered rollouts → contrast rollouts → rewards → advantages → objective
 * and optimizer → metrics. Plugins are called, never inlined; no branch on a plugin name.
 */
import { inject, injectable } from 'tsyringe';
import type { ContrastNeed } from '../contracts/advantage';
import type { DataMixer, LoadedData } from '../contracts/data';
import type { Completion, Group } from '../contracts/group';
import type { Policy, Prompt, PtxReplay, RlExample, RlObjectiveOptions, Rollout, SamplingOptions } from '../contracts/policy';
import { type FrameTransform, type Sample, transformFrames } from '../contracts/sample';
import type { Tokenizer } from '../contracts/tokenizer';
import type { ResolvedConfig } from '../config/schema';
import { toPrompt, toSftExample } from '../data/prompt';
import { RunError } from '../errors';
import type { MetricSink } from '../jobs/metric-sink';
import type { Estimator } from '../rewards/estimator';
import { logpDrops } from '../rewards/logp-drop';
import { type GroupInput, modalityRewardMetrics, rewardMetrics } from '../rewards/pipeline';
import type { RewardSet } from '../rewards/reward-set';
import type { Reporter } from '../run/reporter';
import type { RngStreams } from '../run/streams';
import { meanByKeyInOrder, meanInOrder as mean } from '../stats/in-order';
import { CONFIG, DATA, ESTIMATOR, METRICS, MIXER, POLICY, REPORTER, REWARDS, RNG, TOKENIZER } from '../tokens';
import { EvalStage } from './eval';
import { NonFiniteGuard } from './guard';
import { optimizerOptions } from './optimizer';
import { bSimple, type NoiseEstimate, stepNoiseEstimate } from './noise-scale';
import { keptOf, nextRoundSize, screenMetrics, type ScreenOptions } from './screen';

/** Derived, read-only settings of the RL stage: computed once, visibly (docs/style.md §1). */
function rlSettings(rl: ResolvedConfig['rl'], estimator: Estimator, rewards: RewardSet, rlStartStep: number) {
  const contrast: ContrastNeed | undefined = estimator.needs().contrast;
  /** `temporal/logp_drop` reads the contrast's transform (shuffle without one); rewards may ask for others. */
  const logpTransforms: FrameTransform[] = [...new Set([contrast?.transform ?? 'shuffle', ...rewards.frameTransforms])];
  return Object.freeze({
    sampling: { n: rl.group_size, temperature: rl.temperature, topP: rl.top_p, maxNewTokens: rl.max_new_tokens } satisfies SamplingOptions,
    contrast,
    logpTransforms,
    screen: { mode: rl.zero_std, rounds: rl.resample_rounds, accuracy: rl.accuracy_filter } satisfies ScreenOptions,
    objective: {
      clip: rl.clip,
      clipEpsLow: rl.clip_eps_low,
      clipEpsHigh: rl.clip_eps_high,
      beta: rl.beta,
      klEstimator: rl.kl_estimator,
      lossAgg: rl.loss_agg,
      normLength: rl.max_new_tokens,
    } satisfies RlObjectiveOptions,
    optimizer: optimizerOptions(rl.optimizer, rl.steps * rl.policy_iterations, rlStartStep),
    /** The rollout log-probs serve as π_old when nothing re-uses them (μ = 1, no clip: ratio = 1 in value, docs/released-code.md §3). */
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

/** One prompt of a step: its sample, prompt, ordered rollouts and scored group. */
interface Rolled {
  sample: Sample;
  prompt: Prompt;
  rollout: Rollout;
  group: Group;
  logpDrop?: Partial<Record<FrameTransform, number[]>>;
}

/** A step's contrast: by batch index, the transformed prompt and its G~ rollouts. */
interface Contrast {
  transform?: FrameTransform;
  rollouts: Map<number, Rollout>;
  prompts: Map<number, Prompt>;
}

@injectable()
export class RlStage {
  constructor(
    @inject(CONFIG) private readonly cfg: ResolvedConfig,
    @inject(POLICY) private readonly policy: Policy,
    @inject(TOKENIZER) private readonly tokenizer: Tokenizer,
    @inject(MIXER) private readonly mixer: DataMixer,
    @inject(REWARDS) private readonly rewards: RewardSet,
    @inject(ESTIMATOR) private readonly estimator: Estimator,
    @inject(RNG) private readonly rng: RngStreams,
    @inject(METRICS) private readonly metrics: MetricSink,
    @inject(REPORTER) private readonly reporter: Reporter,
    @inject(EvalStage) private readonly evaluation: EvalStage,
    @inject(DATA) private readonly data: LoadedData,
  ) {}

  /**
   * Run RL up to `cfg.rl.steps` steps; returns the last step's metrics. `checkpoint(step)` is
   * called every `rl.checkpoint_every` steps (not after the last: the job saves that one).
   */
  async run(start?: RlStart, checkpoint?: (stepsDone: number, rlStartStep: number) => Promise<void>): Promise<Record<string, number>> {
    const { rl, eval: e } = this.cfg;
    if (!start?.resumed) {
      this.policy.snapshotReference(); // π_ref = the policy after SFT (docs/released-code.md §3, KL)
      this.policy.resetOptimizer(); // the RL trainer starts its own AdamW (docs/released-code.md §3)
    }
    const rlStartStep = start?.rlStartStep ?? this.policy.step;
    const s = rlSettings(rl, this.estimator, this.rewards, rlStartStep);
    let last: Record<string, number> = {};
    let window: Record<string, number>[] = [];
    const guard = new NonFiniteGuard(rl.max_skipped_steps);
    const noise: NoiseEstimate[] = [];
    for (let step = start?.firstStep ?? 0; step < rl.steps; step++) {
      last = await this.step(s, step);
      if ('noise_scale/trace' in last) noise.push({ trace: last['noise_scale/trace'], gradSq: last['noise_scale/grad_sq'] });
      // guard: a non-finite loss or gradient skipped the update; K in a row stop the run
      const g = guard.record(last.skipped_step === 1);
      last.skipped_steps = g.skippedSteps;
      if (g.stop) {
        await this.metrics.log(step + 1, last);
        if (checkpoint) await checkpoint(step + 1, rlStartStep); // the weights are still the last good ones: nothing was applied
        throw new RunError(
          `RL stopped at step ${step + 1}: ${g.inARow} steps in a row had a non-finite loss or gradient (rl.max_skipped_steps ${rl.max_skipped_steps}); ` +
            `last loss ${last.policy_loss}, grad_norm ${last.grad_norm}. Lower rl.optimizer.lr or check the rewards; the last good weights are in the step-${step + 1} checkpoint`,
        );
      }
      const lastStep = step === rl.steps - 1; // the job evaluates and checkpoints after the last step
      if (lastStep && noise.length > 0) last['noise_scale/b_simple'] = bSimple(noise); // over this run's steps (a resumed run: since the resume)
      window.push(last);
      if ((step + 1) % rl.log_every === 0 || lastStep) {
        await this.metrics.log(step + 1, meanByKeyInOrder(window)); // the mean over the logging window (TRL), at the count of steps done, as the progress line
        window = [];
        this.reporter.progress({
          stage: 'rl',
          step: step + 1,
          total: rl.steps,
          values: {
            reward: (last.reward ?? NaN).toFixed(3),
            acc: (last['rewards/accuracy/mean'] ?? NaN).toFixed(3),
            loss: (last.policy_loss ?? NaN).toFixed(4),
          },
        });
      }
      if (e.enabled && e.every > 0 && (step + 1) % e.every === 0 && !lastStep) await this.evaluation.run(step + 1);
      if (checkpoint && rl.checkpoint_every > 0 && (step + 1) % rl.checkpoint_every === 0 && !lastStep) await checkpoint(step + 1, rlStartStep);
    }
    return last;
  }

  /** One T-GRPO / GRPO step. */
  private async step(s: RlSettings, step: number): Promise<Record<string, number>> {
    const { policy } = this;
    const rl = this.cfg.rl;
    const P = rl.prompts_per_step;

    // ---- 1-4. rollouts and rewards, in rounds: groups that cannot teach are kept, dropped or
    //           replaced by fresh prompts (rl.zero_std, screen.ts; DAPO dynamic sampling)
    const screened: Rolled[] = [];
    const kept: Rolled[] = [];
    let rounds = 0;
    for (let n = P; n > 0; n = nextRoundSize(s.screen, P, kept.length, rounds)) {
      const round = this.rollOut(s, n, rounds === 0 ? String(step) : `${step}.${rounds}`);
      const keep = keptOf(
        round.map((r) => r.group),
        s.screen,
      );
      screened.push(...round);
      kept.push(...round.filter((_, b) => keep[b]));
      rounds++;
    }
    const screen = screenMetrics(
      screened.map((r) => r.group),
      kept.length,
      rounds,
      P,
      s.screen,
    );
    if (kept.length === 0) return { ...screen, 'zero_std/no_update': 1 }; // nothing can teach: no update this step

    // ---- 5. advantages: the estimator over the kept groups (t-grpo: bonus Eq. 1-2, then Eq. 3)
    const groups = kept.map((r) => r.group);
    const estimate = this.estimator.estimate(groups);
    const advantages = estimate.advantages; // [B][G]
    const drops = kept.flatMap((r) => r.logpDrop?.[s.logpTransforms[0]] ?? []);
    const temporalMetrics: Record<string, number> = drops.length > 0 ? { 'temporal/logp_drop': mean(drops) } : {};

    // ---- 6. objective and optimizer: μ policy iterations on the same rollouts (Eq. 4)
    const examples: RlExample[] = kept.flatMap(({ prompt, rollout }, b) =>
      rollout.tokenIds.map((completion, i) => ({ prompt, completion, advantage: advantages[b][i], oldLogProbs: rollout.logProbs[i] })),
    );
    if (s.recomputeOld) {
      const old = policy.logProbs(
        examples.map((e) => e.prompt),
        examples.map((e) => e.completion),
      ); // π_θold
      examples.forEach((e, k) => (e.oldLogProbs = old[k]));
    }
    // the gradient noise scale, measured on the weights this step updates (rl.noise_scale, noise-scale.ts)
    const noise = rl.noise_scale ? stepNoiseEstimate(examples, kept.length, rl.group_size, (rows) => policy.rlGradientNorm(rows, s.objective)) : undefined;
    const replay = this.ptxReplay(step);
    let stats = policy.rlStep(examples, s.objective, s.optimizer, replay);
    for (let it = 1; it < rl.policy_iterations && !stats.skipped; it++) stats = policy.rlStep(examples, s.objective, s.optimizer, replay);

    // ---- 7. metrics (TRL names where one exists, docs/design.md §4), over the groups trained on
    const rollouts = kept.map((r) => r.rollout);
    const lengths = rollouts.flatMap((r) => r.lengths);
    const eos = this.tokenizer.special.eos;
    const clipped = rollouts.flatMap((r) => r.tokenIds.map((t) => (t[t.length - 1] === eos ? 0 : 1)));
    return {
      ...rewardMetrics(groups, this.rewards.rewards, estimate.totals),
      ...modalityRewardMetrics(groups, this.rewards.rewards),
      ...estimate.metrics,
      ...temporalMetrics,
      ...screen, // frac_reward_zero_std: over every group drawn, before filtering (TRL)
      'completions/mean_length': mean(lengths),
      'completions/max_length': Math.max(...lengths),
      'completions/clipped_ratio': mean(clipped),
      /** the sampled tokens' mean −log π (a Monte-Carlo estimate of the per-token entropy at the rollout temperature) */
      entropy: -mean(rollouts.flatMap((r) => r.logProbs.flat())),
      'batch/video_frac': kept.filter((r) => r.sample.data_type === 'video').length / kept.length,
      policy_loss: stats.policyLoss ?? stats.loss,
      kl: stats.kl ?? 0,
      clip_ratio: stats.clipFraction ?? 0,
      grad_norm: stats.gradNorm,
      lr: stats.lr,
      skipped_step: stats.skipped ? 1 : 0,
      ...(stats.ptxLoss !== undefined ? { ptx_loss: stats.ptxLoss } : {}),
      ...(noise ? { 'noise_scale/grad_sq': noise.gradSq, 'noise_scale/trace': noise.trace } : {}),
    };
  }

  /**
   * PPO-ptx (`rl.ptx_coef`): a batch of cold-start samples for this step, drawn from a stream forked
   * per step from the data stream (which it does not advance: with ptx off the run is unchanged).
   */
  private ptxReplay(step: number): PtxReplay | undefined {
    const { rl, sft } = this.cfg;
    if (rl.ptx_coef === 0) return undefined;
    const pool = this.data.sft;
    const rng = this.rng.data.fork(`ptx-${step}`);
    const examples = Array.from({ length: rl.ptx_batch_size }, () => toSftExample(pool[rng.int(pool.length)], this.tokenizer));
    return { examples, mask: sft.mask, coef: rl.ptx_coef };
  }

  /** Banners 1-4 for `n` prompts: data, ordered rollouts, contrast rollouts and log-prob drops, rewards. */
  private rollOut(s: RlSettings, n: number, key: string): Rolled[] {
    const { policy, tokenizer } = this;

    // ---- 1. data: a batch of prompts, mixed by modality and category (docs/design.md §2)
    const batch = this.mixer.next(n, this.rng.data);
    const prompts: Prompt[] = batch.samples.map((x) => toPrompt(x, tokenizer));

    // ---- 2. ordered rollouts: G completions per prompt (paper §3.1, o_i), and
    // ---- 3. contrast: G~ rollouts on transformed frames for eligible prompts (Eq. 1, õ_i), both in one
    //         batched decode; then the ordered completions' log-prob drop under transformed frames on video prompts (TaRO)
    const eligible = s.contrast ? this.contrastPrompts(s.contrast, batch.samples, prompts) : [];
    const [rollouts, contrastOut] = policy.sampleBatches(
      [
        { prompts, options: s.sampling },
        { prompts: eligible.map((e) => e.prompt), options: { ...s.sampling, n: s.contrast?.size ?? 0 } },
      ],
      this.rng.sample,
    );
    const contrast: Contrast = {
      transform: eligible.length > 0 ? s.contrast?.transform : undefined,
      rollouts: new Map(eligible.map((e, k) => [e.b, contrastOut[k]])),
      prompts: new Map(eligible.map((e) => [e.b, e.prompt])),
    };
    const logpDrop = this.frameLogpDrops(s.logpTransforms, batch.samples, prompts, rollouts, contrast, key);

    // ---- 4. rewards: every configured reward over each group, ordered and contrast (docs/released-code.md §2.5)
    const inputs: GroupInput[] = batch.samples.map((sample, b) => ({
      sample,
      completions: completionsOf(rollouts[b], tokenizer),
      contrast: contrast.rollouts.has(b) ? completionsOf(contrast.rollouts.get(b)!, tokenizer) : undefined,
      logpDrop: logpDrop.get(b),
    }));
    const groups = this.rewards.score(inputs);
    return batch.samples.map((sample, b) => ({ sample, prompt: prompts[b], rollout: rollouts[b], group: groups[b], logpDrop: logpDrop.get(b) }));
  }

  /**
   * Transform each eligible prompt's frames (shuffle: one uniform permutation from the shuffle
   * stream, docs/released-code.md §1.1; reverse and static draw nothing), by batch index `b`.
   */
  private contrastPrompts(need: ContrastNeed, samples: readonly Sample[], prompts: readonly Prompt[]): { b: number; prompt: Prompt }[] {
    const eligible = samples.map((x, b) => b).filter((b) => need.modalities.includes(samples[b].data_type));
    return eligible.map((b) => ({ b, prompt: { ...prompts[b], frames: transformFrames(prompts[b].frames, need.transform, this.rng.shuffle) } }));
  }

  /**
   * Per video prompt and transform, each ordered completion's log-prob drop (`logpDrops`). The
   * contrast's own transformed frames are reused for its transform; other frames come from a
   * stream forked per step, so the contrast and sampling streams are not shifted.
   */
  private frameLogpDrops(
    transforms: readonly FrameTransform[],
    samples: readonly Sample[],
    prompts: readonly Prompt[],
    rollouts: readonly Rollout[],
    contrast: Contrast,
    step: string,
  ): Map<number, Partial<Record<FrameTransform, number[]>>> {
    const video = samples.map((x, b) => b).filter((b) => samples[b].data_type === 'video');
    const out = new Map(video.map((b) => [b, {} as Partial<Record<FrameTransform, number[]>>]));
    for (const t of transforms) {
      const rng = this.rng.shuffle.fork(`logp-drop-${step}-${t}`);
      const pairs = video.flatMap((b) => {
        const own = contrast.transform === t ? contrast.prompts.get(b) : undefined;
        const transformed = own ?? { ...prompts[b], frames: transformFrames(prompts[b].frames, t, rng) };
        return rollouts[b].tokenIds.map((completion) => ({ ordered: prompts[b], transformed, completion }));
      });
      const drops = logpDrops(this.policy, pairs);
      let k = 0;
      for (const b of video) out.get(b)![t] = rollouts[b].tokenIds.map(() => drops[k++]);
    }
    return out;
  }
}

/** Decode with special tokens skipped (docs/released-code.md §2.1); length counts the eos (docs/released-code.md §2.4). */
function completionsOf(r: Rollout, tokenizer: Tokenizer): Completion[] {
  return r.tokenIds.map((ids, i) => ({ text: tokenizer.decode(ids, { skipSpecial: true }), tokenLength: r.lengths[i], tokenIds: ids }));
}
