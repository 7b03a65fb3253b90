import * as tf from '@tensorflow/tfjs';
import type { KlEstimator, LossAggregation, RlObjectiveOptions, SftMask } from '../../core/contracts/policy';
import type { TextBatch } from './layout';

/**
 * The training objectives on per-token log-probs `logp [B, Lt]` of a right-padded text batch
 * (layout.ts). Which tokens count and how they are averaged is folded into per-token weights
 * built in JS, so every aggregation is one weighted sum.
 */

/**
 * SFT cross-entropy weights `[B·Lt]` (docs/released-code.md §6 "Loss"): mean over covered tokens, as torch
 * CrossEntropyLoss with ignore_index −100 does over the batch.
 * - `prompt`: only the target (answer + eos) tokens;
 * - `padding`: every non-pad text token: question and target (released code, no prompt masking, docs/released-code.md §0.9).
 */
export function sftWeights(tb: TextBatch, mask: SftMask): Float32Array {
  const w = new Float32Array(tb.ids.length);
  let count = 0;
  tb.questionLen.forEach((q, b) => {
    const from = mask === 'prompt' ? q : 0;
    const to = q + tb.completionLen[b];
    for (let j = from; j < to; j++) w[b * tb.width + j] = 1;
    count += to - from;
  });
  return w.map((x) => x / Math.max(1, count));
}

/** SFT loss −Σ w·logp (a scalar). */
export function sftLoss(logp: tf.Tensor2D, weights: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.sum(tf.mul(logp, weights))) as tf.Scalar;
}

/** Per-row RL arrays laid out like the text batch `[B·Lt]`. */
export interface RlArrays {
  /** 1 on completion tokens (up to and including eos, docs/released-code.md §3 Aggregation). */
  mask: Float32Array;
  /** Aggregation weights: the loss is Σ weight · ℓ_t. */
  weights: Float32Array;
  oldLogp: Float32Array;
  /** Advantage A_i of the row, repeated on its tokens. */
  advantage: Float32Array;
  tokens: number;
}

/**
 * Aggregation weights (docs/released-code.md §3 "Aggregation"; verl `agg_loss` names):
 * - `seq-mean-token-mean`: mean_i (1/|o_i|) Σ_t ℓ  (released code)
 * - `token-mean`:          Σ_i Σ_t ℓ / Σ_i |o_i|  (DAPO)
 * - `seq-mean-token-sum-norm`: mean_i Σ_t ℓ / normLength  (Dr. GRPO, constant divisor)
 */
export function rlArrays(
  tb: TextBatch,
  advantages: readonly number[],
  oldLogProbs: readonly (readonly number[])[],
  agg: LossAggregation,
  normLength: number,
): RlArrays {
  const n = tb.ids.length;
  const out: RlArrays = { mask: new Float32Array(n), weights: new Float32Array(n), oldLogp: new Float32Array(n), advantage: new Float32Array(n), tokens: 0 };
  const B = tb.questionLen.length;
  const total = tb.completionLen.reduce((a, b) => a + b, 0);
  out.tokens = total;
  for (let b = 0; b < B; b++) {
    const len = tb.completionLen[b];
    const start = b * tb.width + tb.questionLen[b];
    const w = agg === 'seq-mean-token-mean' ? 1 / (Math.max(1, len) * B) : agg === 'token-mean' ? 1 / Math.max(1, total) : 1 / (normLength * B);
    for (let t = 0; t < len; t++) {
      out.mask[start + t] = 1;
      out.weights[start + t] = w;
      out.oldLogp[start + t] = oldLogProbs[b][t];
      out.advantage[start + t] = advantages[b];
    }
  }
  return out;
}

/** Tensors the RL loss reads, all `[B, Lt]`. */
export interface RlInputs {
  mask: tf.Tensor2D;
  weights: tf.Tensor2D;
  oldLogp: tf.Tensor2D;
  refLogp: tf.Tensor2D | null;
  /** `kl_estimator: full`: the reference's log-softmax over the vocabulary, `[B, Lt, vocab]`. */
  refLogSoftmax?: tf.Tensor3D | null;
  advantage: tf.Tensor2D;
}

/**
 * Per-token KL to the reference, `[B, Lt]`:
 * - `k3` (docs/released-code.md §3 KL): e^x − x − 1, x = clamp(logπ_ref − logπ_θ, −10, 10), on the
 *   sampled token. Its gradient, (1 − π_ref/π_θ)·∇logπ_θ, has expectation ∇KL(π_ref‖π_θ) over the
 *   sampled token, with the variance of one sample;
 * - `full`: KL(π_ref‖π_θ) = Σ_v π_ref(v)·(logπ_ref(v) − logπ_θ(v)) exactly, over the vocabulary at each
 *   position: the quantity whose gradient k3 estimates, with none of its sampling noise (needs the
 *   policy's log-softmax `[B, Lt, vocab]`).
 */
export function klPerToken(logp: tf.Tensor2D, inp: RlInputs, estimator: KlEstimator, logSoftmax?: tf.Tensor3D): tf.Tensor2D {
  if (estimator === 'full') {
    if (!inp.refLogSoftmax || !logSoftmax) throw new Error('kl_estimator full needs the policy and reference log-softmax');
    return tf.sum(tf.mul(tf.exp(inp.refLogSoftmax), tf.sub(inp.refLogSoftmax, logSoftmax)), -1) as tf.Tensor2D;
  }
  if (!inp.refLogp) throw new Error('kl_estimator k3 needs the reference log-probs');
  const x = tf.clipByValue(tf.sub(inp.refLogp, logp), -10, 10);
  return tf.sub(tf.sub(tf.exp(x), x), 1);
}

/**
 * The policy-gradient loss (paper Eq. 4 with the released code's reading, docs/released-code.md §3):
 *   ratio_t = exp(logπ_θ − logπ_old)
 *   pg_t    = min(ratio·A, clip(ratio, 1−ε_low, 1+ε_high)·A)   (or ratio·A when `clip` is off)
 *   KL_t    = e^x − x − 1,  x = clamp(logπ_ref − logπ_θ, −10, 10)   (k3, docs/released-code.md §3 KL;
 *             or the exact KL(π_ref‖π_θ) with `klEstimator: full`, see klPerToken)
 *   ℓ_t     = −(pg_t − β·KL_t),  loss = Σ weight_t · ℓ_t
 * With one iteration (old = θ) and no clipping the value is mean_i (1/|o_i|) Σ_t −(A_i − β·KL_t).
 * `logSoftmax` (the policy's, `[B, Lt, vocab]`) is needed only by `klEstimator: full`.
 * @returns the loss and, for metrics, mean token KL, the policy term and the fraction of tokens
 *   whose clipped branch is active (TRL `clip_ratio`).
 */
export function rlLoss(
  logp: tf.Tensor2D,
  inp: RlInputs,
  o: RlObjectiveOptions,
  tokens: number,
  logSoftmax?: tf.Tensor3D,
): { loss: tf.Scalar; kl: tf.Scalar; policy: tf.Scalar; clipped: tf.Scalar } {
  const ratio = tf.exp(tf.mul(tf.sub(logp, inp.oldLogp), inp.mask));
  const unclipped = tf.mul(ratio, inp.advantage);
  let pg: tf.Tensor = unclipped;
  let clipped: tf.Scalar = tf.scalar(0);
  if (o.clip) {
    const bounded = tf.clipByValue(ratio, 1 - o.clipEpsLow, 1 + o.clipEpsHigh);
    const boundedPg = tf.mul(bounded, inp.advantage);
    pg = tf.minimum(unclipped, boundedPg);
    // TRL clip_ratio: tokens where the clipped branch is the smaller one (its gradient is zero)
    const active = tf.cast(tf.less(boundedPg, unclipped), 'float32');
    clipped = tf.div(tf.sum(tf.mul(active, inp.mask)), Math.max(1, tokens)) as tf.Scalar;
  }
  let perToken: tf.Tensor = tf.neg(pg);
  let kl: tf.Scalar = tf.scalar(0);
  if ((inp.refLogp || inp.refLogSoftmax) && o.beta !== 0) {
    const klT = klPerToken(logp, inp, o.klEstimator, logSoftmax);
    perToken = tf.add(perToken, tf.mul(klT, o.beta));
    kl = tf.div(tf.sum(tf.mul(klT, inp.mask)), Math.max(1, tokens)) as tf.Scalar;
  }
  const loss = tf.sum(tf.mul(perToken, inp.weights)) as tf.Scalar;
  const policy = tf.neg(tf.sum(tf.mul(pg, inp.weights))) as tf.Scalar;
  return { loss, kl, policy, clipped };
}
