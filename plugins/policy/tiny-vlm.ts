import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { definePlugin } from '../../core/registry/define';
import type {
  OptimizerOptions,
  Policy,
  PolicyDeps,
  Prompt,
  PtxReplay,
  RlExample,
  RlObjectiveOptions,
  Rollout,
  SampleBatch,
  SamplingOptions,
  SftExample,
  SftMask,
  StepStats,
} from '../../core/contracts/policy';
import type { Rng, RngState } from '../../core/rng';
import { UserError } from '../../core/errors';
import { AdamW } from './adamw';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { decode, decodeBatches, type DecodeSetup } from './decode';
import { textBatch, visualBatch } from './layout';
import { autoEmbedding, pickTokens, textLogProbs, textLogSoftmax, type EmbeddingMode } from './model';
import { rlArrays, rlLoss, sftLoss, sftWeights } from './objectives';
import { cloneWeights, countParameters, disposeWeights, initialValues, makeVariables, paramSpecs, type ModelConfig, type Weights } from './params';
import { learningRate } from './schedules';

export const TinyVlmOptions = z.strictObject({
  /** Model width d. */
  d_model: z.number().int().min(8).default(64),
  /** Attention heads (must divide d_model). */
  heads: z.number().int().min(1).default(4),
  /** Decoder layers. */
  layers: z.number().int().min(1).default(2),
  /** FFN hidden size = ffn_mult · d_model. */
  ffn_mult: z.number().int().min(1).default(4),
  /** Longest sequence: visual tokens + question + completion. */
  max_seq: z.number().int().min(2).default(256),
  /** Square patch side in pixels (must divide frame height and width); 0 = one embedding per frame. */
  patch_size: z.number().int().min(0).default(0),
  /** Std of the N(0, σ) initialisation (GPT-2: 0.02). */
  init_std: z.number().positive().default(0.02),
  /** Token embedding for training: `auto` = gather where its gradient kernel exists (not on cpu), else oneHot·E. */
  embedding: z.enum(['auto', 'gather', 'one-hot']).default('auto'),
  /** Decode with a KV cache (false: recompute the whole prefix for every token; same numbers, slower). */
  kv_cache: z.boolean().default(true),
  /** Positions: `learned` absolute embeddings (GPT-2) or `rope` rotary embeddings in attention (Qwen2.5-VL's scheme, on one axis). */
  positions: z.enum(['learned', 'rope']).default('learned'),
});
export type TinyVlmOptions = z.infer<typeof TinyVlmOptions>;

/** Derive the model config; shape errors name the option. */
export function modelConfig(o: TinyVlmOptions, deps: PolicyDeps): ModelConfig {
  const { frames, height, width, channels } = deps.frames;
  if (o.d_model % o.heads !== 0)
    throw new UserError('heads must divide d_model', { where: 'policy.options.heads', expected: `a divisor of ${o.d_model}`, found: String(o.heads) });
  if (o.patch_size > 0 && (height % o.patch_size !== 0 || width % o.patch_size !== 0)) {
    throw new UserError('patch_size must divide the frame height and width', {
      where: 'policy.options.patch_size',
      expected: `a divisor of ${height} and ${width}, or 0`,
      found: String(o.patch_size),
    });
  }
  const patchesPerFrame = o.patch_size > 0 ? (height / o.patch_size) * (width / o.patch_size) : 1;
  const c: ModelConfig = {
    vocabSize: deps.vocabSize,
    dModel: o.d_model,
    heads: o.heads,
    layers: o.layers,
    ffnMult: o.ffn_mult,
    maxSeq: o.max_seq,
    frames,
    height,
    width,
    channels,
    patchSize: o.patch_size,
    patchesPerFrame,
    patchDim: o.patch_size > 0 ? o.patch_size * o.patch_size * channels : height * width * channels,
    visualTokens: frames * patchesPerFrame,
    initStd: o.init_std,
    lnEps: 1e-5,
    rope: o.positions === 'rope',
  };
  if (c.visualTokens + 1 > c.maxSeq)
    throw new UserError('max_seq leaves no room for text', {
      where: 'policy.options.max_seq',
      expected: `> ${c.visualTokens} visual tokens`,
      found: String(c.maxSeq),
    });
  return c;
}

/**
 * A tiny video-language policy (docs/design.md §3): frames → patch embeddings + frame-index and
 * modality embeddings, then question and answer tokens, through a pre-LN decoder-only
 * transformer. Sampling is batched, KV-cached and seeded; SFT and RL updates use AdamW.
 */
export class TinyVlm implements Policy {
  readonly name = 'tiny-vlm';
  readonly parameterCount: number;
  readonly config: ModelConfig;
  private readonly vars: Record<string, tf.Variable>;
  private reference: Weights;
  private readonly optimizer: AdamW;
  private steps = 0;
  /** Updates since the optimizer state was created (reset by resetOptimizer). */
  private optimizerSteps = 0;

  constructor(
    readonly options: TinyVlmOptions,
    readonly deps: PolicyDeps,
  ) {
    this.config = modelConfig(options, deps);
    this.vars = makeVariables(this.config, initialValues(this.config, deps.seed));
    this.reference = cloneWeights(this.vars);
    this.parameterCount = countParameters(this.config);
    this.optimizer = new AdamW(
      new Set(
        paramSpecs(this.config)
          .filter((s) => s.decay)
          .map((s) => s.name),
      ),
    );
  }

  get step(): number {
    return this.steps;
  }

  /** Trainable variables by name (read-only use: benchmarks, tests). */
  get variables(): Readonly<Record<string, tf.Variable>> {
    return this.vars;
  }

  /**
   * Sample `options.n` completions per prompt in one batched, KV-cached decode (decode.ts). The
   * returned log-probs are under the temperature-1, unfiltered policy (what `logProbs` returns),
   * not under the tempered/top-p sampling distribution. `overrides.kvCache` picks the decoder
   * path for this call (benchmarks and equivalence tests).
   */
  sample(prompts: readonly Prompt[], options: SamplingOptions, rng: Rng, overrides: { kvCache?: boolean } = {}): Rollout[] {
    const kvCache = overrides.kvCache ?? this.options.kv_cache;
    return decode(this.decodeSetup(kvCache), prompts, options, rng);
  }

  /** Several batches in one batched decode where their options agree but for `n` (decode.ts `decodeBatches`). */
  sampleBatches(batches: readonly SampleBatch[], rng: Rng): Rollout[][] {
    return decodeBatches(this.decodeSetup(this.options.kv_cache), batches, rng);
  }

  private decodeSetup(kvCache: boolean): DecodeSetup {
    return { weights: this.vars, config: this.config, padId: this.deps.padId, eosId: this.deps.eosId, kvCache };
  }

  /**
   * Per-token log-probs of completions (docs/released-code.md §3 Log-probs). `completions` is parallel to
   * `prompts`, or a multiple k of it: prompt i then serves completions i·k … i·k+k−1.
   */
  logProbs(prompts: readonly Prompt[], completions: readonly number[][], reference = false): number[][] {
    if (completions.length === 0) return [];
    const promptOf = this.promptIndex(prompts.length, completions.length);
    const tb = textBatch(
      promptOf.map((p) => prompts[p].tokens),
      completions,
      this.deps.padId,
      this.config,
    );
    const logp = tf.tidy(() => textLogProbs(reference ? this.reference : this.vars, this.config, this.inputs(prompts, promptOf, tb), 'gather'));
    const data = logp.dataSync() as Float32Array;
    logp.dispose();
    return completions.map((c, b) => Array.from(data.subarray(b * tb.width + tb.questionLen[b], b * tb.width + tb.questionLen[b] + c.length)));
  }

  /** Freeze a copy of the current weights as the KL reference (it starts as the initial weights). */
  snapshotReference(): void {
    disposeWeights(this.reference);
    this.reference = cloneWeights(this.vars);
  }

  /** SFT cross-entropy on `[question][target][eos]` (docs/released-code.md §6 Loss; the policy appends eos). */
  sftStep(batch: readonly SftExample[], mask: SftMask, o: OptimizerOptions): StepStats {
    requireExamples(batch.length);
    const [[loss, gradNorm, lr], skipped] = this.update(o, () => {
      const sft = this.sftObjective(batch, mask);
      return () => ({ loss: sft(), stats: [] });
    });
    return { loss, gradNorm, lr, ...(skipped ? { skipped } : {}) };
  }

  /** The SFT cross-entropy of `batch`: makes its constant inputs (inside `update`'s prepare) and returns the loss function. */
  private sftObjective(batch: readonly SftExample[], mask: SftMask): () => tf.Scalar {
    const prompts = batch.map((e) => e.prompt);
    const eos = this.hasEos() ? [this.deps.eosId] : [];
    const tb = textBatch(
      prompts.map((p) => p.tokens),
      batch.map((e) => [...e.target, ...eos]),
      this.deps.padId,
      this.config,
    );
    const mode = this.embedding();
    const inp = this.inputs(
      prompts,
      prompts.map((_, i) => i),
      tb,
    );
    const w = tf.tensor2d(sftWeights(tb, mask), [tb.questionLen.length, tb.width]);
    return () => sftLoss(textLogProbs(this.vars, this.config, inp, mode), w);
  }

  /** One policy-gradient update (paper Eq. 4; released code docs/released-code.md §3), see objectives.ts `rlLoss`. */
  rlStep(batch: readonly RlExample[], o: RlObjectiveOptions, opt: OptimizerOptions, replay?: PtxReplay): StepStats {
    const [[loss, gradNorm, lr, kl, policyLoss, clipFraction, ptxLoss], skipped] = this.update(opt, this.rlObjective(batch, o, replay));
    return { loss, gradNorm, lr, kl, policyLoss, clipFraction, ...(replay ? { ptxLoss } : {}), ...(skipped ? { skipped } : {}) };
  }

  /** The global norm of the RL objective's gradient on `batch` (the replay left out), nothing updated: the gradient noise scale's input. */
  rlGradientNorm(batch: readonly RlExample[], o: RlObjectiveOptions): number {
    const prepare = this.rlObjective(batch, o);
    const norm = tf.tidy(() => {
      const lossFn = prepare();
      const { grads } = tf.variableGrads(() => lossFn().loss, Object.values(this.vars));
      return this.optimizer.gradNorm(grads);
    });
    const value = norm.dataSync()[0];
    norm.dispose();
    return value;
  }

  /** The RL loss of `batch` (objectives.ts `rlLoss`, plus the PPO-ptx term with a replay), as `update`'s prepare function. */
  private rlObjective(batch: readonly RlExample[], o: RlObjectiveOptions, replay?: PtxReplay): () => () => { loss: tf.Scalar; stats: tf.Scalar[] } {
    requireExamples(batch.length);
    if (replay) requireExamples(replay.examples.length);
    const prompts = batch.map((e) => e.prompt);
    const tb = textBatch(
      prompts.map((p) => p.tokens),
      batch.map((e) => e.completion),
      this.deps.padId,
      this.config,
    );
    batch.forEach((e, i) => {
      if (e.oldLogProbs.length !== e.completion.length)
        throw new UserError('oldLogProbs must have one entry per completion token', {
          where: `batch[${i}]`,
          expected: String(e.completion.length),
          found: String(e.oldLogProbs.length),
        });
    });
    const arr = rlArrays(
      tb,
      batch.map((e) => e.advantage),
      batch.map((e) => e.oldLogProbs),
      o.lossAgg,
      o.normLength,
    );
    const mode = this.embedding();
    const shape: [number, number] = [batch.length, tb.width];
    return () => {
      const inp = this.inputs(
        prompts,
        prompts.map((_, i) => i),
        tb,
      );
      const full = o.beta !== 0 && o.klEstimator === 'full';
      const t = {
        mask: tf.tensor2d(arr.mask, shape),
        weights: tf.tensor2d(arr.weights, shape),
        oldLogp: tf.tensor2d(arr.oldLogp, shape),
        advantage: tf.tensor2d(arr.advantage, shape),
        // frozen reference log-probs (docs/released-code.md §3 KL): computed here, outside the gradient tape
        refLogp: o.beta !== 0 && !full ? textLogProbs(this.reference, this.config, inp, 'gather') : null,
        refLogSoftmax: full ? textLogSoftmax(this.reference, this.config, inp, 'gather') : null,
      };
      const sft = replay ? this.sftObjective(replay.examples, replay.mask) : undefined;
      return () => {
        const logSoftmax = full ? textLogSoftmax(this.vars, this.config, inp, mode) : undefined;
        const logp = logSoftmax ? pickTokens(logSoftmax, inp.text) : textLogProbs(this.vars, this.config, inp, mode);
        const r = rlLoss(logp, t, o, arr.tokens, logSoftmax);
        if (!sft || !replay) return { loss: r.loss, stats: [r.kl, r.policy, r.clipped] };
        // PPO-ptx (PtxReplay): the RL objective plus coef · the replayed SFT cross-entropy, one gradient
        const ptx = sft();
        return { loss: tf.add(r.loss, tf.mul(ptx, replay.coef)) as tf.Scalar, stats: [r.kl, r.policy, r.clipped, ptx] };
      };
    };
  }

  /**
   * One optimizer step: `prepare` makes the constant inputs and returns the loss function; its
   * gradient over every variable goes to AdamW at the scheduled lr. Returns
   * [loss, pre-clip grad norm, lr, ...stats] with a single device read, and whether the step
   * was skipped because the loss or the gradient norm was not finite.
   */
  private update(o: OptimizerOptions, prepare: () => () => { loss: tf.Scalar; stats: tf.Scalar[] }): [number[], boolean] {
    const lr = learningRate(o, this.steps - o.startStep); // each stage runs its own schedule
    let stats: tf.Tensor | undefined;
    let grads: Record<string, tf.Tensor> = {};
    try {
      const out = tf.tidy(() => {
        const lossFn = prepare();
        const { value, grads: g } = tf.variableGrads(() => {
          const r = lossFn();
          // metrics leave the tape's scope kept, and are disposed below
          if (r.stats.length) stats = tf.keep(tf.stack(r.stats));
          return r.loss;
        }, Object.values(this.vars));
        for (const [k, v] of Object.entries(this.vars)) grads[k] = tf.keep(g[v.name]);
        const norm = this.optimizer.gradNorm(grads);
        return stats ? tf.concat([tf.stack([value, norm]), stats]) : tf.stack([value, norm]);
      });
      const values = Array.from(out.dataSync());
      out.dispose();
      // a non-finite loss or gradient skips the step: nothing is applied, no counter moves
      const finite = Number.isFinite(values[0]) && Number.isFinite(values[1]);
      if (finite) {
        tf.tidy(() => this.optimizer.apply(this.vars, grads, tf.scalar(values[1]), o, lr, this.optimizerSteps + 1));
        this.steps++;
        this.optimizerSteps++;
      }
      return [[values[0], values[1], lr, ...values.slice(2)], !finite];
    } finally {
      stats?.dispose();
      for (const g of Object.values(grads)) g.dispose();
      grads = {};
    }
  }

  /** An eos id outside the vocabulary (e.g. −1) means: never stop early, append no eos in SFT. */
  private hasEos(): boolean {
    return this.deps.eosId >= 0 && this.deps.eosId < this.config.vocabSize;
  }

  private embedding(): EmbeddingMode {
    return this.options.embedding === 'auto' ? autoEmbedding() : this.options.embedding;
  }

  private inputs(prompts: readonly Prompt[], promptOf: readonly number[], tb: ReturnType<typeof textBatch>) {
    const vb = visualBatch(prompts, promptOf, this.config);
    const B = promptOf.length;
    return {
      patches: tf.tensor3d(vb.patches, [B, this.config.visualTokens, this.config.patchDim]),
      modality: tf.tensor1d(vb.modality, 'int32'),
      text: tf.tensor2d(tb.ids, [B, tb.width], 'int32'),
    };
  }

  private promptIndex(prompts: number, completions: number): number[] {
    if (prompts === 0 || completions % prompts !== 0) {
      throw new UserError('completions must be parallel to prompts (or a multiple of them)', {
        expected: `a multiple of ${prompts}`,
        found: String(completions),
      });
    }
    const k = completions / prompts;
    return Array.from({ length: completions }, (_, i) => Math.floor(i / k));
  }

  async save(dir: string, rng: Rng): Promise<void> {
    const weights = new Map(Object.entries(this.vars) as [string, tf.Tensor][]);
    const reference = new Map(Object.entries(this.reference));
    const moments = new Map<string, tf.Tensor>([
      ...[...this.optimizer.m].map(([k, t]) => [`m/${k}`, t] as const),
      ...[...this.optimizer.v].map(([k, t]) => [`v/${k}`, t] as const),
    ]);
    await writeCheckpoint(
      dir,
      { step: this.steps, optimizerStep: this.optimizerSteps, rng: rng.state(), options: this.options, deps: this.deps },
      { weights, reference, moments },
    );
  }

  async load(dir: string, rng: Rng): Promise<void> {
    const { state, tensors } = await readCheckpoint(dir);
    try {
      for (const [k, v] of Object.entries(this.vars)) {
        const t = tensors.weights.get(k);
        if (!t || t.shape.join('x') !== v.shape.join('x')) {
          throw new UserError('checkpoint does not fit this policy', {
            file: dir,
            where: k,
            expected: `shape [${v.shape}]`,
            found: t ? `[${t.shape}]` : 'nothing',
          });
        }
        v.assign(t);
      }
      const reference: Weights = {};
      for (const k of Object.keys(this.vars)) {
        const t = tensors.reference.get(k);
        if (!t)
          throw new UserError('checkpoint lacks the frozen reference', {
            file: dir,
            where: `reference/${k}`,
            expected: 'a tensor per weight',
            found: 'nothing',
          });
        reference[k] = tf.keep(t.clone());
      }
      disposeWeights(this.reference);
      this.reference = reference;
      const m = new Map<string, tf.Tensor>();
      const v = new Map<string, tf.Tensor>();
      for (const [k, t] of tensors.moments) (k.startsWith('m/') ? m : v).set(k.slice(2), t);
      this.optimizer.setState(m, v);
      this.steps = state.step;
      this.optimizerSteps = state.optimizerStep ?? state.step;
      rng.setState(state.rng as RngState);
    } finally {
      for (const group of Object.values(tensors)) tf.dispose([...group.values()]);
    }
  }

  /** A fresh AdamW state (zero moments, bias correction from step 1), as a new stage starts. */
  resetOptimizer(): void {
    this.optimizer.dispose();
    this.optimizerSteps = 0;
  }

  dispose(): void {
    disposeWeights(this.vars);
    disposeWeights(this.reference);
    this.optimizer.dispose();
  }
}

function requireExamples(n: number): void {
  if (n === 0) throw new UserError('an optimizer step needs at least one example', { expected: 'a non-empty batch', found: 'an empty one' });
}

export default definePlugin({
  kind: 'policy',
  name: 'tiny-vlm',
  description: 'Train a tiny pre-LN transformer over frame patches and text tokens',
  options: TinyVlmOptions,
  metrics: ['loss', 'grad_norm', 'lr', 'kl', 'policy_loss', 'clip_ratio'],
  reference: 'paper Eq. 4; docs/released-code.md §3 (loss, KL, aggregation, AdamW), §6 (SFT masking)',
  create: (options: TinyVlmOptions, deps: PolicyDeps) => new TinyVlm(options, deps),
});
