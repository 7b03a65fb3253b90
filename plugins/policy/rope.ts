import * as tf from '@tensorflow/tfjs';

/**
 * Rotary position embeddings (Su et al. 2021, RoFormer §3.4; GPT-NeoX's rotate-half layout), the
 * position scheme of Qwen2.5-VL's decoder (M-RoPE, here on one axis). Queries and keys of every
 * head are rotated by angle p·θ_i, θ_i = base^(−2i/d_head), so q·k depends on positions only
 * through their difference: a head can attend "one token back" at any position, which an
 * induction (copy) pattern needs and learned absolute positions make slow to learn.
 */
export interface Rope {
  /** `[B or 1, 1, S, d_head]` */
  cos: tf.Tensor4D;
  sin: tf.Tensor4D;
}

/** Tables for `positions` (`B·S` values, row-major), `[B, 1, S, dHead]`. */
export function ropeTables(positions: ArrayLike<number>, B: number, S: number, dHead: number, base = 10000): Rope {
  const { cos, sin } = ropeArrays(positions, B * S, dHead, base);
  return { cos: tf.tensor4d(cos, [B, 1, S, dHead]), sin: tf.tensor4d(sin, [B, 1, S, dHead]) };
}

/** cos and sin of `rows` positions, `[rows, dHead]` row-major, on the host. */
function ropeArrays(positions: ArrayLike<number>, rows: number, dHead: number, base = 10000): { cos: Float32Array; sin: Float32Array } {
  const half = dHead / 2;
  const cos = new Float32Array(rows * dHead);
  const sin = new Float32Array(rows * dHead);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < half; i++) {
      const angle = positions[r] * Math.pow(base, (-2 * i) / dHead);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      cos[r * dHead + i] = c;
      cos[r * dHead + half + i] = c;
      sin[r * dHead + i] = s;
      sin[r * dHead + half + i] = s;
    }
  }
  return { cos, sin };
}

/** x·cos + rotate_half(x)·sin for `[B, H, S, d_head]`, rotate_half([x1, x2]) = [−x2, x1]. */
export function applyRope(x: tf.Tensor4D, r: Rope): tf.Tensor4D {
  const [x1, x2] = tf.split(x, 2, 3);
  return tf.add(tf.mul(x, r.cos), tf.mul(tf.concat([tf.neg(x2), x1], 3), r.sin)) as tf.Tensor4D;
}

/** Positions 0..L−1 for one row. */
export function ropeRange(L: number, dHead: number): Rope {
  return ropeTables(
    Float32Array.from({ length: L }, (_, i) => i),
    1,
    L,
    dHead,
  );
}

/**
 * Rotary tables for a decode step, where q and k of all heads are rotated together in one
 * `[B, 2H, 1, d_head]` tensor: `rotate_half(x)·sin` is computed as `swap(x)·sinSigned`, with
 * swap([x1, x2]) = [x2, x1] one gather and sinSigned = [−sin, sin]; (−x2)·s and x2·(−s) are the
 * same float, so the values are `applyRope`'s bit for bit, in 4 kernels instead of 6 per tensor.
 */
export interface SwapRope {
  /** `[B, 1, 1, d_head]` */
  cos: tf.Tensor4D;
  sinSigned: tf.Tensor4D;
  /** The gather indices of swap: d_head/2 … d_head−1, 0 … d_head/2−1. */
  swap: tf.Tensor1D;
}

/** Tables for one position per row (`B` values). */
export function swapRopeTables(positions: ArrayLike<number>, B: number, dHead: number, swap: tf.Tensor1D): SwapRope {
  const { cos, sin } = ropeArrays(positions, B, dHead);
  const half = dHead / 2;
  for (let r = 0; r < B; r++) for (let i = 0; i < half; i++) sin[r * dHead + i] = -sin[r * dHead + i];
  return { cos: tf.tensor4d(cos, [B, 1, 1, dHead]), sinSigned: tf.tensor4d(sin, [B, 1, 1, dHead]), swap };
}

/** The swap indices of `SwapRope` (int32, made once per decode). */
export function swapIndices(dHead: number): tf.Tensor1D {
  const half = dHead / 2;
  return tf.tensor1d(
    Array.from({ length: dHead }, (_, i) => (i + half) % dHead),
    'int32',
  );
}

/** `applyRope` on `[B, heads, 1, d_head]` with swap tables: x·cos + swap(x)·sinSigned. */
export function applySwapRope(x: tf.Tensor4D, r: SwapRope): tf.Tensor4D {
  return tf.add(tf.mul(x, r.cos), tf.mul(tf.gather(x, r.swap, 3), r.sinSigned)) as tf.Tensor4D;
}
