import * as tf from '@tensorflow/tfjs';
import { isUserError } from '../../../core/errors';
import backends from '../../../plugins/backend';
import { matmulGflops } from '../../../plugins/backend/measure';
import { selectBackend } from '../../../plugins/backend/select';

describe('selectBackend', () => {
  test("auto picks wasm here and records why tensorflow was skipped (tfjs-node-gpu is absent)", async () => {
    const backend = await selectBackend('auto');
    expect(backend.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backend.detail).toMatchObject({ requested: 'auto', simd: true, threads: 1, 'tfjs-backend-wasm': '4.22.0' });
    expect(backend.detail.skipped).toMatch(/^tensorflow: module @tensorflow\/tfjs-node-gpu is not installed/);
    expect(backend.detail.kernels).toBe('videor1: UnsortedSegmentSum, BatchMatMul, _FusedMatMul');
  });

  test('forcing tensorflow throws a UserError naming the backend, the module and its needs', async () => {
    const error = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^backend 'tensorflow' is not available: module @tensorflow\/tfjs-node-gpu is not installed/);
    expect((error as Error).message).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
  });

  test('cpu works and can be switched back and forth with wasm', async () => {
    expect(await selectBackend('cpu')).toEqual({ name: 'cpu', detail: { tfjs: tf.version_core, threads: 1, simd: false, kernels: 'stock', requested: 'cpu' } });
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend('wasm')).name).toBe('wasm');
    expect((await selectBackend('auto')).name).toBe('wasm');
    expect((await selectBackend('cpu')).name).toBe('cpu');
    expect(tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync()[0])).toBe(3);
  });
});

describe('backend plugins', () => {
  test('the index is alphabetical and each entry loads the plugin of that name', async () => {
    expect(Object.keys(backends)).toEqual(['cpu', 'tensorflow', 'wasm']);
    for (const [name, load] of Object.entries(backends)) {
      const plugin = (await load()).default;
      expect(plugin).toMatchObject({ kind: 'backend', name, metrics: [] });
      expect(plugin.description.length).toBeGreaterThan(10);
      expect(plugin.options.safeParse({}).success).toBe(true);
      expect(plugin.options.safeParse({ nope: 1 }).success).toBe(false);
    }
  });

  test('defaults: wasm with our kernels, tensorflow without requiring a GPU', async () => {
    expect((await backends.wasm()).default.options.parse({})).toEqual({ kernels: true });
    expect((await backends.tensorflow()).default.options.parse({})).toEqual({ require_gpu: false });
  });

  test('create() initialises the backend, or fails as a UserError', async () => {
    const wasm = (await import('../../../plugins/backend/wasm')).default;
    expect((await wasm.create({ kernels: true }, undefined)).name).toBe('wasm');
    const cpu = (await import('../../../plugins/backend/cpu')).default;
    expect((await cpu.create({}, undefined)).name).toBe('cpu');
    const tensorflow = (await import('../../../plugins/backend/tensorflow')).default;
    const error = await Promise.resolve(tensorflow.create({ require_gpu: false }, undefined)).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
  });
});

describe('matmulGflops', () => {
  test('measures a positive, finite rate on the active backend and disposes its tensors', async () => {
    await selectBackend('wasm');
    const before = tf.memory().numTensors;
    const rate = matmulGflops(64, { runs: 3, warmup: 1 });
    const transposed = matmulGflops(32, { runs: 1, warmup: 0, transposeA: true, batch: 2 });
    expect(Number.isFinite(rate) && rate > 0).toBe(true);
    expect(Number.isFinite(transposed) && transposed > 0).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
