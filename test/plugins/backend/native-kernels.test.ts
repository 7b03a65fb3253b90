import * as tf from '@tensorflow/tfjs';
import { installNativeKernels, stockNativeKernel } from '../../../plugins/backend/native/kernels';
import { selectBackend } from '../../../plugins/backend/select';
import { values } from './compare';
import { nativeUnavailable } from './native';

/**
 * videor1's kernels for the tensorflow backend (plugins/backend/native/kernels.ts) must give the
 * stock tfjs-node kernels' values, with their gradients (bit for bit but for long transposed
 * matMul reductions, within 1e-5), and leave no tensor behind.
 * Skipped, with the reason printed, where native TensorFlow does not load.
 */
const suite = nativeUnavailable() === undefined ? describe : describe.skip;

/** Runs `f` with the stock configs of our kernels registered, then puts ours back. */
function withStock<T>(f: () => T): T {
  const names = installNativeKernels();
  const ours = names.map((n) => tf.getKernel(n, 'tensorflow')!);
  const stock = names.map((n) => stockNativeKernel(n)!);
  names.forEach((n, i) => {
    tf.unregisterKernel(n, 'tensorflow');
    tf.registerKernel(stock[i]);
  });
  try {
    return f();
  } finally {
    names.forEach((n, i) => {
      tf.unregisterKernel(n, 'tensorflow');
      tf.registerKernel(ours[i]);
    });
  }
}

suite('native kernels equal the stock tfjs-node kernels', () => {
  beforeAll(() => selectBackend('tensorflow'));
  afterAll(() => selectBackend('wasm'));

  test('they are registered when the backend starts', () => {
    expect(installNativeKernels()).toEqual(['BatchMatMul', 'Mean']);
  });

  // exact: the decode step's products and rank 3; within 1e-5: long transposed reductions (weight gradients)
  const MATMULS = [
    { a: [32, 128], b: [128, 384], ta: false, tb: false, exact: true },
    { a: [128, 32], b: [128, 384], ta: true, tb: false, exact: true },
    { a: [32, 128], b: [384, 128], ta: false, tb: true, exact: true },
    { a: [7, 3], b: [5, 7], ta: true, tb: true, exact: true },
    { a: [2, 4, 8], b: [2, 8, 3], ta: false, tb: false, exact: true }, // rank 3: the stock kernel
    { a: [2048, 128], b: [2048, 384], ta: true, tb: false, exact: false },
  ];
  test.each(MATMULS)('matMul $a·$b (transposes $ta, $tb) and its gradients', ({ a, b, ta, tb, exact }) => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(
          values(
            a.reduce((p, q) => p * q),
            1,
          ),
          a,
        );
        const y = tf.tensor(
          values(
            b.reduce((p, q) => p * q),
            2,
          ),
          b,
        );
        const f = (p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.matMul(p, q, ta, tb), tf.matMul(p, q, ta, tb)));
        const [gx, gy] = tf.grads(f)([x, y]);
        return [tf.matMul(x, y, ta, tb), gx, gy].map((t) => Array.from(t.dataSync()));
      });
    const before = tf.memory().numTensors;
    const ours = run();
    expect(tf.memory().numTensors).toBe(before);
    const stock = withStock(run);
    if (exact) expect(ours).toEqual(stock);
    else
      stock.forEach((want, o) => {
        // float32 sums of 2048 terms in another order: |Δ| within 1e-5 of the output's scale
        const scale = want.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
        expect(want.reduce((m, w, i) => Math.max(m, Math.abs(w - ours[o][i])), 0)).toBeLessThan(1e-5 * scale);
      });
  });

  test.each([
    { shape: [32, 128], axis: -1, keepDims: true },
    { shape: [4, 6, 5], axis: [0, 2], keepDims: false },
  ])('mean of $shape over $axis and the moments of a LayerNorm', ({ shape, axis, keepDims }) => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(
          values(
            shape.reduce((p, q) => p * q),
            3,
          ),
          shape,
        );
        const { mean, variance } = tf.moments(x, axis, keepDims);
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.mean(t, axis, keepDims))))(x);
        return [tf.mean(x, axis, keepDims), mean, variance, g].map((t) => Array.from(t.dataSync()));
      });
    const before = tf.memory().numTensors;
    const ours = run();
    expect(tf.memory().numTensors).toBe(before);
    expect(ours).toEqual(withStock(run));
    expect(tf.tidy(() => Array.from(tf.mean(tf.tensor([1, 2, 3, 4], [2, 2], 'int32'), 1).dataSync()))).toEqual([1.5, 3.5]); // int32: the stock kernel (it casts to float32)
  });
});
