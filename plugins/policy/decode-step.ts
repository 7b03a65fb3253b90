import * as tf from '@tensorflow/tfjs';
import type { LayerCache } from './attention';
import { gelu, layerNormValue } from './ops';
import type { ModelConfig, Weights } from './params';
import { foldedDecodeWeights } from './decode-fold';
import { applySwapRope, type SwapRope } from './rope';

/** What the decode step needs on the native backend, made once per decode (decode.ts). */
export interface NativeDecode {
  /** `[d, 1]` of 1/d: LayerNorm's row means as matmuls. */
  invD: tf.Tensor2D;
  /** LayerNorm affines and the query scale folded into the next linear maps (decode-fold.ts). */
  folded: Weights;
}

/** `NativeDecode` for the current backend: undefined but on tensorflow. */
export function nativeDecode(w: Weights, c: ModelConfig): NativeDecode | undefined {
  return tf.getBackend() === 'tensorflow' ? { invD: tf.fill([c.dModel, 1], 1 / c.dModel) as tf.Tensor2D, folded: foldedDecodeWeights(w, c) } : undefined;
}

export function disposeNativeDecode(n: NativeDecode | undefined): void {
  if (n) tf.dispose([n.invD, ...Object.values(n.folded)]);
}

/**
 * One KV-cached decode step: every row feeds one token and gets next-token logits. Values are
 * those of `decoder` + `head` (model.ts) on a length-1 input, with fewer kernel calls, because a
 * decode step is bound by per-kernel overhead (a step at the bench shape is ~160 kernels of
 * 20–60 µs each, against ~2 MFLOP per matmul):
 * - no gradient scopes (plain adds instead of addBias/affine's customGrad);
 * - with one query per row, the head transposes `[B,1,3H,dh] → [B,3H,1,dh]` and back are
 *   reshapes (a transpose across a size-1 axis moves no element);
 * - rotary positions rotate q and k together, with a gather for rotate_half (rope.ts `SwapRope`).
 * `native` (the tensorflow backend) computes QKᵀ and P·V as two batched matmuls instead of
 * broadcast-multiply-and-reduce (four kernels over `[B,H,Lk,dh]`; on wasm a batched matmul is a
 * loop over slices, so it stays off there), LayerNorm's means as matmuls, its affine part and the
 * query scale folded into the weights (decode-fold.ts) and GELU through a sigmoid. Its logits
 * differ by float rounding only; the unfused
 * path (wasm, cpu) gives bit-identical tokens and log-probs to `decoder`
 * (test/plugins/policy/decode.test.ts checks recorded rollouts).
 *
 * @param x      embeddings of the fed tokens `[B, d]` (token + position)
 * @param mask   additive key mask `[B, 1, 1, Lk]`, Lk = cached + 1
 * @returns      logits `[B, V]` and the grown caches
 */
export function decodeStep(
  w: Weights,
  c: ModelConfig,
  x0: tf.Tensor2D,
  mask: tf.Tensor4D,
  past: readonly LayerCache[],
  native: NativeDecode | undefined,
  rope?: SwapRope,
): { logits: tf.Tensor2D; caches: LayerCache[] } {
  const B = x0.shape[0];
  const H = c.heads;
  const dh = c.dModel / H;
  // native: the folded weights (a LayerNorm's g and b live in the linear map after it)
  const W = native ? { ...w, ...native.folded } : w;
  // matmul, then bias: tfjs-node's _FusedMatMul is the same two ops plus 3-D reshapes (each a TF op call)
  const linear = (h: tf.Tensor2D, name: string, bias: string): tf.Tensor2D => tf.add(tf.matMul(h, W[name] as tf.Tensor2D), W[bias]) as tf.Tensor2D;
  const norm = (h: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D =>
    native ? normalizeByMatmul(h, c.lnEps, native.invD) : layerNormValue(h, g, b, c.lnEps);
  let x = x0;
  const caches: LayerCache[] = [];
  for (let l = 0; l < c.layers; l++) {
    const h1 = norm(x, w[`l${l}.ln1_g`], w[`l${l}.ln1_b`]);
    const qkv = linear(h1, `l${l}.wqkv`, `l${l}.bqkv`);
    const heads = tf.reshape(qkv, [B, 3 * H, 1, dh]) as tf.Tensor4D;
    let q0: tf.Tensor4D, kNew: tf.Tensor4D, vNew: tf.Tensor4D;
    if (rope) {
      // q and k of every head rotated as one tensor (rope.ts, the values of attention.ts's applyRope)
      const [qk, v] = tf.split(heads, [2 * H, H], 1) as tf.Tensor4D[];
      [q0, kNew] = tf.split(applySwapRope(qk, rope), 2, 1) as tf.Tensor4D[];
      vNew = v;
    } else [q0, kNew, vNew] = tf.split(heads, 3, 1) as tf.Tensor4D[];
    const q = native ? q0 : (tf.mul(q0, 1 / Math.sqrt(dh)) as tf.Tensor4D); // native: scaled in the folded wqkv
    const k = tf.concat([past[l].k, kNew], 2) as tf.Tensor4D;
    const v = tf.concat([past[l].v, vNew], 2) as tf.Tensor4D;
    caches.push({ k, v });
    let ctx: tf.Tensor;
    if (native) {
      ctx = tf.matMul(tf.softmax(tf.add(tf.matMul(q, k, false, true), mask)), v);
    } else {
      // attention.ts's one-query form: broadcast-multiply and reduce (wasm's batched matmul is per slice)
      const scores = tf.add(tf.reshape(tf.sum(tf.mul(q, k), -1), [B, H, 1, -1]), mask);
      const probs = tf.reshape(tf.softmax(scores), [B, H, -1, 1]);
      ctx = tf.sum(tf.mul(probs, v), 2);
    }
    x = tf.add(x, linear(tf.reshape(ctx, [B, c.dModel]) as tf.Tensor2D, `l${l}.wo`, `l${l}.bo`)) as tf.Tensor2D;
    const h2 = norm(x, w[`l${l}.ln2_g`], w[`l${l}.ln2_b`]);
    const pre = linear(h2, `l${l}.w1`, `l${l}.b1`);
    const up = (native ? geluBySigmoid(pre) : gelu(pre)) as tf.Tensor2D;
    x = tf.add(x, linear(up, `l${l}.w2`, `l${l}.b2`)) as tf.Tensor2D;
  }
  const hidden = norm(x, w.lnf_g, w.lnf_b);
  return { logits: linear(hidden, 'head_w', 'head_b'), caches };
}

/**
 * LayerNorm (Ba et al. 2016) without its affine part (folded into the next linear map) for the
 * native backend: row means as matmuls with a `[d, 1]` column of 1/d, 6 kernels; tf.moments on
 * tfjs-node adds a Reshape to each mean, and each kernel is a TensorFlow call of tens of µs.
 */
function normalizeByMatmul(x: tf.Tensor2D, eps: number, invD: tf.Tensor2D): tf.Tensor2D {
  const centred = tf.sub(x, tf.matMul(x, invD));
  const variance = tf.matMul(tf.square(centred), invD);
  return tf.mul(centred, tf.rsqrt(tf.add(variance, eps))) as tf.Tensor2D;
}

/**
 * GELU's tanh form for the native backend in 6 kernels instead of 9:
 * ½x(1 + tanh(z)) = x·σ(2z), with 2z = x·(a + b·x²), a = 2√(2/π), b = 0.044715·a. The same
 * function as ops.ts `gelu`, rounded differently.
 */
function geluBySigmoid(x: tf.Tensor): tf.Tensor {
  const a = 2 * Math.sqrt(2 / Math.PI);
  return tf.mul(x, tf.sigmoid(tf.mul(x, tf.add(tf.mul(tf.square(x), 0.044715 * a), a))));
}

/**
 * Token + position embeddings of one fed token per row, `[B·d]`, added in float32 on the host:
 * the same float as gather + gather + add on the device (a float32 sum computed in float64 and
 * rounded once is the correctly rounded float32 sum), without three kernels and two uploads.
 */
export function hostEmbeddings(tokEmb: Float32Array, posEmb: Float32Array | null, d: number, tokens: readonly number[], positions: Int32Array): Float32Array {
  const out = new Float32Array(tokens.length * d);
  for (let b = 0; b < tokens.length; b++) {
    const t = tokens[b] * d;
    const p = positions[b] * d;
    // rotary positions (no posEmb): the token embedding alone
    for (let i = 0; i < d; i++) out[b * d + i] = posEmb ? tokEmb[t + i] + posEmb[p + i] : tokEmb[t + i];
  }
  return out;
}
