import * as tf from '@tensorflow/tfjs';
import { isUserError } from '../../../core/errors';
import backends from '../../../plugins/backend';
import { matmulGflops } from '../../../plugins/backend/measure';
import { BackendUnavailable } from '../../../plugins/backend/init';
import { selectBackend } from '../../../plugins/backend/select';

/** Forcing tensorflow: the backend's name where libtensorflow loads, else the error (the machine decides which). */
const forcedTensorflow = () =>
  selectBackend('tensorflow').then(
    (b) => b.name,
    (e: unknown) => e,
  );

describe('selectBackend', () => {
  test('forcing tensorflow either activates it or fails as a UserError naming the backend and why', async () => {
    const outcome = await forcedTensorflow();
    if (outcome === 'tensorflow') {
      expect(tf.getBackend()).toBe('tensorflow');
      return;
    }
    expect(outcome).toBeInstanceOf(BackendUnavailable);
    expect(isUserError(outcome)).toBe(true);
    expect((outcome as Error).message).toMatch(/^backend 'tensorflow' is not available: .*(@tensorflow\/tfjs-node-gpu|native package)/);
  });

  test('auto keeps tensorflow where it loads, else picks wasm and records why tensorflow was skipped', async () => {
    const outcome = await forcedTensorflow();
    const backend = await selectBackend('auto');
    if (outcome === 'tensorflow') {
      expect(backend.name).toBe('tensorflow');
      expect(backend.detail).toMatchObject({
        requested: 'auto',
        kernels: 'native + videor1: BatchMatMul, Mean',
        libtensorflow: expect.stringMatching(/^2\.\d+\.\d+/),
        device: expect.stringMatching(/^(cpu|gpu)$/),
      });
      expect(backend.detail.skipped).toBeUndefined();
      return;
    }
    expect(backend.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backend.detail).toMatchObject({ requested: 'auto', simd: true, threads: 1, 'tfjs-backend-wasm': '4.22.0' });
    expect(backend.detail.skipped).toBe(`tensorflow: ${(outcome as BackendUnavailable).reason}`);
    expect(backend.detail.kernels).toBe('videor1: UnsortedSegmentSum, BatchMatMul, _FusedMatMul');
  });

  test('cpu works and can be switched back and forth with wasm', async () => {
    expect(await selectBackend('cpu')).toEqual({ name: 'cpu', detail: { tfjs: tf.version_core, threads: 1, simd: false, kernels: 'stock', requested: 'cpu' } });
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend('wasm')).name).toBe('wasm');
    const auto = (await forcedTensorflow()) === 'tensorflow' ? 'tensorflow' : 'wasm';
    expect((await selectBackend('auto')).name).toBe(auto);
    expect((await selectBackend('cpu')).name).toBe('cpu');
    expect(tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync()[0])).toBe(3);
  });
});

describe('backend plugins', () => {
  test('the index is alphabetical and each entry loads the plugin of that name', async () => {
    expect(Object.keys(backends)).toEqual(['auto', 'cpu', 'tensorflow', 'wasm']);
    for (const [name, load] of Object.entries(backends)) {
      const plugin = (await load()).default;
      expect(plugin).toMatchObject({ kind: 'backend', name, metrics: [] });
      expect(plugin.description.length).toBeGreaterThan(10);
      expect(plugin.options.safeParse({}).success).toBe(true);
      expect(plugin.options.safeParse({ nope: 1 }).success).toBe(false);
    }
  });

  test('auto is the selector: the same choice as selectBackend', async () => {
    const auto = (await import('../../../plugins/backend/auto')).default;
    const viaPlugin = await auto.create({}, undefined);
    expect(viaPlugin).toEqual(await selectBackend('auto'));
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
    const outcome = await Promise.resolve(tensorflow.create({ require_gpu: false }, undefined)).then(
      (b) => b.name,
      (e: unknown) => e,
    );
    if (outcome !== 'tensorflow') expect(isUserError(outcome)).toBe(true);
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
