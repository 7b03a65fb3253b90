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
  const half = dHead / 2;
  const cos = new Float32Array(B * S * dHead);
  const sin = new Float32Array(B * S * dHead);
  for (let r = 0; r < B * S; r++) {
    for (let i = 0; i < half; i++) {
      const angle = positions[r] * Math.pow(base, (-2 * i) / dHead);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      cos[r * dHead + i] = c;
      cos[r * dHead + half + i] = c;
      sin[r * dHead + i] = s;
      sin[r * dHead + half + i] = s;
    }
  }
  return { cos: tf.tensor4d(cos, [B, 1, S, dHead]), sin: tf.tensor4d(sin, [B, 1, S, dHead]) };
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
