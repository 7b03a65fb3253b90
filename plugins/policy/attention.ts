import * as tf from '@tensorflow/tfjs';
import { addBias } from './ops';
import type { ModelConfig, Weights } from './params';
import { applyRope, type Rope } from './rope';

/** Keys and values of one layer, `[B, heads, Lk, dHead]` each (a type alias so tf.tidy can return it). */
export type LayerCache = { k: tf.Tensor4D; v: tf.Tensor4D };

/**
 * Causal multi-head self-attention for S new positions of B rows (Vaswani et al. 2017, Eq. 1:
 * softmax(QKᵀ/√d_k + mask)·V). With `past`, the new keys/values are appended to the cache, so a
 * decode step costs O(Lk) instead of recomputing the prefix; without it this is the ordinary
 * full-sequence attention. Both paths run this one function, which is why KV-cached decoding
 * equals recomputing.
 *
 * @param h      normalised input `[B·S, d]`
 * @param mask   additive mask `[B or 1, 1, S, Lk]` (Lk = cached + S)
 * @returns      output `[B·S, d]` (after Wo) and this layer's keys/values for the whole prefix
 */
export function attention(
  h: tf.Tensor2D,
  w: Weights,
  l: number,
  c: ModelConfig,
  B: number,
  S: number,
  mask: tf.Tensor4D,
  past?: LayerCache,
  rope?: Rope,
): { out: tf.Tensor2D; cache: LayerCache } {
  const H = c.heads;
  const dh = c.dModel / H;
  // one fused projection [d, 3d] keeps the matmul 2-D (the fast path on wasm, docs/tfjs.md §3)
  const qkv = addBias(tf.matMul(h, w[`l${l}.wqkv`] as tf.Tensor2D), w[`l${l}.bqkv`]);
  const heads = tf.transpose(tf.reshape(qkv, [B, S, 3 * H, dh]), [0, 2, 1, 3]) as tf.Tensor4D;
  const [qRaw, kRaw, vNew] = tf.split(heads, 3, 1) as tf.Tensor4D[];
  // rotary positions rotate q and k of the new positions; cached keys were rotated when they were new
  const [q0, kNew] = rope ? [applyRope(qRaw, rope), applyRope(kRaw, rope)] : [qRaw, kRaw];
  const q = tf.mul(q0, 1 / Math.sqrt(dh)) as tf.Tensor4D;
  const k = past ? (tf.concat([past.k, kNew], 2) as tf.Tensor4D) : kNew;
  const v = past ? (tf.concat([past.v, vNew], 2) as tf.Tensor4D) : vNew;
  let ctx: tf.Tensor4D;
  if (S === 1 && past) {
    // one query per row (a decode step): broadcast-multiply and reduce instead of B·H tiny batched
    // matmuls, which cost ~2.6 ms per call through the per-slice wasm matmul path
    const scores = tf.add(tf.reshape(tf.sum(tf.mul(q, k), -1), [B, H, 1, -1]), mask);
    const probs = tf.reshape(tf.softmax(scores), [B, H, -1, 1]);
    ctx = tf.reshape(tf.sum(tf.mul(probs, v), 2), [B, H, 1, dh]);
  } else {
    const probs = tf.softmax(tf.add(tf.matMul(q, k, false, true), mask));
    ctx = tf.matMul(probs, v) as tf.Tensor4D;
  }
  const merged = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [B * S, c.dModel]) as tf.Tensor2D;
  const out = addBias(tf.matMul(merged, w[`l${l}.wo`] as tf.Tensor2D), w[`l${l}.bo`]);
  return { out, cache: { k, v } };
}
