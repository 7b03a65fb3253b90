import * as tf from '@tensorflow/tfjs';

/**
 * Element-wise building blocks of the tiny VLM shared by the forward pass (model.ts), attention
 * (attention.ts) and the decode step (decode-step.ts). `addBias` and `layerNorm` carry custom
 * gradients that are cheap on wasm; `layerNormValue` computes the same values with the same
 * kernels and no gradient scope, for code that never differentiates (decoding).
 */

/**
 * Column sums of `[N, k]` as a `[1, N]·[N, k]` matmul: the gradient of a bias over N rows. wasm
 * reduces over axis 0 by transposing first (2.2 ms for 2048×128); the matmul takes 0.1 ms.
 */
function columnSum(dy: tf.Tensor): tf.Tensor1D {
  const [n, k] = dy.shape as [number, number];
  return tf.reshape(tf.matMul(tf.ones([1, n]), dy as tf.Tensor2D), [k]);
}

/** x + b for x `[N, k]`, b `[k]`, with the bias gradient as a column-sum matmul. */
export const addBias = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, b] = args as tf.Tensor[];
  return { value: tf.add(x, b), gradFunc: (dy: tf.Tensor) => [dy, columnSum(dy)] };
}) as (x: tf.Tensor2D, b: tf.Tensor) => tf.Tensor2D;

/** x̂·g + b (LayerNorm's affine part), gradients of g and b as column-sum matmuls. */
const affine = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [xhat, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([xhat, g]);
  return {
    value: tf.add(tf.mul(xhat, g), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, saved[1]), columnSum(tf.mul(dy, saved[0])), columnSum(dy)],
  };
}) as (xhat: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

/** LayerNorm over the last axis of `[N, d]` (Ba et al. 2016). */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return affine(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))) as tf.Tensor2D, g, b);
}

/** GELU, tanh form (Hendrycks & Gimpel 2016); x·x·x rather than pow (77 ms/step on wasm, docs/tfjs.md §3). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const cube = tf.mul(tf.mul(x, x), x);
  const inner = tf.mul(tf.add(x, tf.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** LayerNorm's values without the custom gradient: the same kernels in the same order as `layerNorm`. */
export function layerNormValue(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), g), b) as tf.Tensor2D;
}
