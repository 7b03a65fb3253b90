import * as tf from '@tensorflow/tfjs';
import type { ModelConfig, Weights } from './params';

/**
 * Decode weights for the native backend, where every kernel is a TensorFlow op call of tens of µs
 * and a token's work is a few MFLOP: LayerNorm's affine part folded into the linear map that
 * reads it, LN(x)·W + c = x̂·(diag(g)·W) + (b·W + c), for ln1 → wqkv, ln2 → w1 and lnf → head, and
 * attention's 1/√d_head into the query columns of wqkv and bqkv (rotary positions are linear, so
 * the scale commutes with them). Two kernels fewer per LayerNorm and one per layer; the values
 * are the same up to float rounding. Made once per decode (the weights do not change during one);
 * the caller disposes the returned tensors.
 */
export function foldedDecodeWeights(w: Weights, c: ModelConfig): Weights {
  return tf.tidy(() => {
    const out: Weights = {};
    const d = c.dModel;
    const fold = (g: string, b: string, weight: string, bias: string, columns?: tf.Tensor1D): void => {
      let wf = tf.mul(tf.reshape(w[g], [d, 1]), w[weight]);
      let bf = tf.add(tf.reshape(tf.matMul(tf.reshape(w[b], [1, d]), w[weight] as tf.Tensor2D), [-1]), w[bias]);
      if (columns) [wf, bf] = [tf.mul(wf, columns), tf.mul(bf, columns)];
      out[weight] = tf.keep(wf);
      out[bias] = tf.keep(bf);
    };
    const scale = 1 / Math.sqrt(d / c.heads);
    const qColumns = tf.tensor1d(Array.from({ length: 3 * d }, (_, i) => (i < d ? scale : 1)));
    for (let l = 0; l < c.layers; l++) {
      fold(`l${l}.ln1_g`, `l${l}.ln1_b`, `l${l}.wqkv`, `l${l}.bqkv`, qColumns);
      fold(`l${l}.ln2_g`, `l${l}.ln2_b`, `l${l}.w1`, `l${l}.b1`);
    }
    fold('lnf_g', 'lnf_b', 'head_w', 'head_b');
    return out;
  });
}
