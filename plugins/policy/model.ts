import * as tf from '@tensorflow/tfjs';
import { attention, type LayerCache } from './attention';
import { addBias, gelu, layerNorm } from './ops';
import type { ModelConfig, Weights } from './params';
import { ropeRange, type Rope } from './rope';

/**
 * The tiny VLM forward pass: a pre-LN decoder-only transformer (GPT-2 layout) over
 * `[visual patches][text]`. Pure tensor functions; callers own tidy scopes.
 */

/** How token ids become vectors: `gather` (needs UnsortedSegmentSum for its gradient) or `oneHot(ids)·E`. */
export type EmbeddingMode = 'gather' | 'one-hot';

/**
 * Pick the embedding for training on the current backend (docs/tfjs.md §2): gather when its
 * gradient kernel `UnsortedSegmentSum` is registered, except on `cpu`, where that kernel is
 * slower than oneHot·E (20 s vs 13.5 s per reference step).
 */
export function autoEmbedding(): EmbeddingMode {
  const backend = tf.getBackend();
  return backend !== 'cpu' && tf.getKernel('UnsortedSegmentSum', backend) ? 'gather' : 'one-hot';
}

export function embedTokens(E: tf.Tensor, ids: tf.Tensor2D, mode: EmbeddingMode): tf.Tensor3D {
  const [B, L] = ids.shape;
  const flat = tf.reshape(ids, [B * L]) as tf.Tensor1D;
  const vecs = mode === 'gather' ? tf.gather(E, flat) : tf.matMul(tf.oneHot(flat, E.shape[0]).toFloat(), E as tf.Tensor2D);
  return tf.reshape(vecs, [B, L, E.shape[1] as number]);
}

/**
 * Visual tokens `[B, T·P, d]`: patch projection + frame-index (temporal) embedding + modality
 * flag embedding. Frame and modality embeddings broadcast (no gather, so the gradient works on
 * every backend).
 */
export function embedVisual(w: Weights, c: ModelConfig, patches: tf.Tensor3D, modality: tf.Tensor1D): tf.Tensor3D {
  const B = patches.shape[0];
  const d = c.dModel;
  const proj = addBias(tf.matMul(tf.reshape(patches, [B * c.visualTokens, c.patchDim]) as tf.Tensor2D, w.patch_w as tf.Tensor2D), w.patch_b);
  const perFrame = tf.reshape(proj, [B, c.frames, c.patchesPerFrame, d]);
  const frame = tf.reshape(w.frame_emb, [1, c.frames, 1, d]);
  const flag = tf.reshape(tf.matMul(tf.oneHot(modality, 2).toFloat(), w.modality_emb as tf.Tensor2D), [B, 1, 1, d]);
  return tf.reshape(tf.add(tf.add(perFrame, frame), flag), [B, c.visualTokens, d]);
}

/** Position embeddings: `[1, L, d]` for positions 0..L-1, or gathered `[B, L, d]` for explicit ids (no gradient needed there). */
export function positionEmbedding(w: Weights, L: number, positions?: tf.Tensor2D): tf.Tensor {
  if (!w.pos_emb) return tf.zeros([1, 1, w.tok_emb.shape[1] as number]); // rotary positions: nothing to add
  if (!positions) return tf.expandDims(tf.slice(w.pos_emb, [0, 0], [L, -1]), 0);
  const [B, Lp] = positions.shape;
  return tf.reshape(tf.gather(w.pos_emb, tf.reshape(positions, [B * Lp])), [B, Lp, w.pos_emb.shape[1] as number]);
}

/**
 * The decoder stack on embeddings `[B, S, d]`: per layer x += Attn(LN1 x); x += FFN(LN2 x), then
 * the final LayerNorm. Returns normalised hidden states `[B·S, d]` and the per-layer KV caches.
 */
export function decoder(
  w: Weights,
  c: ModelConfig,
  x0: tf.Tensor3D,
  mask: tf.Tensor4D,
  past?: readonly LayerCache[],
  rope?: Rope,
): { hidden: tf.Tensor2D; caches: LayerCache[] } {
  const [B, S, d] = x0.shape;
  let x = tf.reshape(x0, [B * S, d]) as tf.Tensor2D;
  const caches: LayerCache[] = [];
  for (let l = 0; l < c.layers; l++) {
    const h1 = layerNorm(x, w[`l${l}.ln1_g`], w[`l${l}.ln1_b`], c.lnEps);
    const att = attention(h1, w, l, c, B, S, mask, past?.[l], rope);
    caches.push(att.cache);
    x = tf.add(x, att.out);
    const h2 = layerNorm(x, w[`l${l}.ln2_g`], w[`l${l}.ln2_b`], c.lnEps);
    const up = gelu(addBias(tf.matMul(h2, w[`l${l}.w1`] as tf.Tensor2D), w[`l${l}.b1`]));
    x = tf.add(x, addBias(tf.matMul(up as tf.Tensor2D, w[`l${l}.w2`] as tf.Tensor2D), w[`l${l}.b2`]));
  }
  return { hidden: layerNorm(x, w.lnf_g, w.lnf_b, c.lnEps), caches };
}

/** Logits `[N, V]` from normalised hidden states `[N, d]` (untied head). */
export function head(w: Weights, h: tf.Tensor2D): tf.Tensor2D {
  return addBias(tf.matMul(h, w.head_w as tf.Tensor2D), w.head_b);
}

/** Inputs of a right-padded batch (layout.ts `textBatch`). */
export interface SequenceInputs {
  patches: tf.Tensor3D;
  modality: tf.Tensor1D;
  /** Text ids `[B, Lt]`. */
  text: tf.Tensor2D;
}

/**
 * Log-prob of every text token given everything before it, `[B, Lt]` (docs/released-code.md §3 "Log-probs":
 * full forward on [prompt; completion], log-softmax per position).
 */
export function textLogProbs(w: Weights, c: ModelConfig, inp: SequenceInputs, mode: EmbeddingMode): tf.Tensor2D {
  return pickTokens(textLogSoftmax(w, c, inp, mode), inp.text);
}

/**
 * The log-softmax over the vocabulary at every text position, `[B, Lt, vocab]`. Column j is
 * predicted by the hidden state one position earlier; only a causal mask is needed because
 * padding is on the right.
 */
export function textLogSoftmax(w: Weights, c: ModelConfig, inp: SequenceInputs, mode: EmbeddingMode): tf.Tensor3D {
  const [B, Lt] = inp.text.shape;
  const V = c.visualTokens;
  const L = V + Lt;
  const x = tf.add(tf.concat([embedVisual(w, c, inp.patches, inp.modality), embedTokens(w.tok_emb, inp.text, mode)], 1), positionEmbedding(w, L));
  const mask = causalMaskTensor(L);
  const { hidden } = decoder(w, c, x as tf.Tensor3D, mask, undefined, c.rope ? ropeRange(L, c.dModel / c.heads) : undefined);
  const pred = tf.reshape(tf.slice(tf.reshape(hidden, [B, L, c.dModel]), [0, V - 1, 0], [B, Lt, c.dModel]), [B * Lt, c.dModel]);
  return tf.reshape(tf.logSoftmax(head(w, pred as tf.Tensor2D)), [B, Lt, c.vocabSize]);
}

/** The entries of `logSoftmax [B, Lt, vocab]` at the tokens `ids [B, Lt]` (a one-hot product, so its gradient works on every backend). */
export function pickTokens(logSoftmax: tf.Tensor3D, ids: tf.Tensor2D): tf.Tensor2D {
  const [B, Lt, vocab] = logSoftmax.shape;
  const flat = tf.reshape(logSoftmax, [B * Lt, vocab]);
  const picked = tf.sum(tf.mul(flat, tf.oneHot(tf.reshape(ids, [B * Lt]) as tf.Tensor1D, vocab).toFloat()), -1);
  return tf.reshape(picked, [B, Lt]);
}

/** The causal mask as a tensor `[1, 1, L, L]`: 0 on and below the diagonal, −1e9 above. */
export function causalMaskTensor(L: number): tf.Tensor4D {
  return tf.tidy(() => tf.reshape(tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([L, L]), -1, 0)), -1e9), [1, 1, L, L]) as tf.Tensor4D);
}
