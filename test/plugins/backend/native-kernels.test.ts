import * as tf from '@tensorflow/tfjs';
import { installNativeKernels, stockNativeKernel } from '../../../plugins/backend/native/kernels';
import { selectBackend } from '../../../plugins/backend/select';
import { values } from './compare';
import { nativeUnavailable } from './native';

/**
 * videor1's kernels for the tensorflow backend (plugins/backend/native/kernels.ts) must give the
 * stock tfjs-node kernels' values bit for bit, with their gradients, and leave no tensor behind.
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
    expect(installNativeKernels()).toEqual(['Mean']);
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
