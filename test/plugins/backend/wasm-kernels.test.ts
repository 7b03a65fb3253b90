import * as tf from '@tensorflow/tfjs';
import { selectBackend, setWasmKernelOverrides, wasmKernelOverridesEnabled } from '../../../plugins/backend/select';
import { installWasmKernels, installedWasmKernels, isVideor1Kernel, stockWasmKernel } from '../../../plugins/backend/wasm-kernels';
import { expectClose, on, size, values } from './compare';
import { PARITY_BACKENDS } from './native';

/** Tolerance as in compare.ts: |Δ| ≤ 1e-5 · max(1, |cpu|). */

beforeAll(async () => {
  await selectBackend('cpu'); // initialises cpu quietly; `on('cpu')` switches to it later
  if (PARITY_BACKENDS.includes('tensorflow')) await selectBackend('tensorflow'); // registers it for `on('tensorflow')`
  await selectBackend('wasm');
});

afterEach(() => {
  setWasmKernelOverrides(true);
  jest.restoreAllMocks();
});

function ids(n: number, vocab: number, seed: number): Int32Array {
  return Int32Array.from(values(n, seed), (v) => Math.floor(((v + 1) / 2) * vocab) % vocab);
}

describe.each(PARITY_BACKENDS)('gather gradient (UnsortedSegmentSum) on %s matches cpu', (target) => {
  const CASES = [
    { why: 'embedding table 200x16, ids [4,32] with repeats', table: [200, 16], idShape: [4, 32], axis: 0 },
    { why: 'tiny table 7x3, ids [9]', table: [7, 3], idShape: [9], axis: 0 },
    { why: '1x1 table, every id 0', table: [1, 1], idShape: [5], axis: 0 },
    { why: 'rows of a 3-D tensor', table: [6, 2, 3], idShape: [2, 4], axis: 0 },
    { why: 'axis 1 (transposes around the segment sum)', table: [3, 10, 4], idShape: [6], axis: 1 },
  ];
  test.each(CASES)('$why', async ({ table, idShape, axis }) => {
    const tableValues = values(size(table), 3);
    const idValues = ids(size(idShape), table[axis], 4);
    const run = () =>
      tf.tidy(() => {
        const e = tf.tensor(tableValues, table);
        const i = tf.tensor(idValues, idShape, 'int32');
        const y = tf.gather(e, i, axis);
        const w = tf.tensor(values(size(y.shape), 5), y.shape);
        const g = tf.grad((x: tf.Tensor) => tf.gather(x, i, axis).mul(w).sum())(e);
        return [y, g].map((t) => Float32Array.from(t.dataSync() as Float32Array));
      });
    expectClose(await on(target, run), await on('cpu', run));
  });

  test('tf.unsortedSegmentSum skips ids outside [0, numSegments), as cpu does (libtensorflow refuses ids ≥ numSegments)', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor2d([
          [1, 2],
          [3, 4],
          [5, 6],
          [7, 8],
          [9, 10],
        ]);
        return [Float32Array.from(tf.unsortedSegmentSum(x, tf.tensor1d([0, -1, 5, 0, 2], 'int32'), 3).dataSync() as Float32Array)];
      });
    const cpu = await on('cpu', run);
    expect(Array.from(cpu[0])).toEqual([8, 10, 0, 0, 9, 10]);
    if (target === 'tensorflow') await expect(on(target, run)).rejects.toThrow(/segment_ids\[2\] = 5 is out of range \[0, 3\)/);
    else expectClose(await on(target, run), cpu);
  });

  test('int32 values and multi-axis segment ids follow TensorFlow: out[s] = Σ x[i] over ids[i] = s', async () => {
    await tf.setBackend(target);
    const out = tf.tidy(() => {
      const x = tf.tensor3d(
        [
          [[1], [2]],
          [[3], [4]],
        ],
        [2, 2, 1],
        'int32',
      );
      // tf.unsortedSegmentSum types segmentIds as 1-D, so call the kernel directly.
      const segmentIds = tf.tensor2d(
        [
          [0, 1],
          [1, 1],
        ],
        [2, 2],
        'int32',
      );
      const r = tf.engine().runKernel('UnsortedSegmentSum', { x, segmentIds }, { numSegments: 2 }) as tf.Tensor;
      return { dtype: r.dtype, shape: r.shape, values: Array.from(r.dataSync()) };
    });
    expect(out).toEqual({ dtype: 'int32', shape: [2, 1], values: [1, 9] });
  });
});

describe('the override switch', () => {
  test('our kernels are the registered ones by default', () => {
    expect(wasmKernelOverridesEnabled()).toBe(true);
    for (const name of ['BatchMatMul', '_FusedMatMul', 'UnsortedSegmentSum']) expect(isVideor1Kernel(tf.getKernel(name, 'wasm'))).toBe(true);
  });

  test('a transposed batched matMul reaches the stock kernel only as 2-D products without transposes', async () => {
    await tf.setBackend('wasm');
    const stock = stockWasmKernel('BatchMatMul');
    if (stock === undefined) throw new Error('no stock BatchMatMul');
    const spy = jest.spyOn(stock, 'kernelFunc');
    tf.tidy(() => tf.matMul(tf.ones([4, 6, 3]), tf.ones([4, 5, 6]), true, true).dataSync());
    expect(spy).toHaveBeenCalledTimes(4);
    for (const [args] of spy.mock.calls) {
      expect(args.attrs).toEqual({ transposeA: false, transposeB: false });
      expect(args.inputs.a?.shape).toEqual([1, 3, 6]);
      expect(args.inputs.b?.shape).toEqual([1, 6, 5]);
    }
    spy.mockClear();
    tf.tidy(() => tf.matMul(tf.ones([4, 6, 3]), tf.ones([6, 5]), true, false).dataSync());
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0].inputs.a?.shape).toEqual([1, 12, 6]);
  });

  test('false restores the stock kernels exactly, true reinstalls ours; both idempotent', async () => {
    const stockMatMul = stockWasmKernel('BatchMatMul');
    const stockFused = stockWasmKernel('_FusedMatMul');
    expect(stockWasmKernel('UnsortedSegmentSum')).toBeUndefined();
    setWasmKernelOverrides(false);
    setWasmKernelOverrides(false);
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stockMatMul);
    expect(tf.getKernel('_FusedMatMul', 'wasm')).toBe(stockFused);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();
    expect(installedWasmKernels()).toEqual([]);

    await tf.setBackend('wasm');
    const spy = jest.spyOn(stockMatMul as tf.KernelConfig, 'kernelFunc');
    tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([4, 3]), false, true).dataSync());
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0].attrs).toEqual({ transposeA: false, transposeB: true });
    // Stock tfjs has no UnsortedSegmentSum on wasm, so gather has no gradient there.
    expect(() => tf.tidy(() => tf.grad((e: tf.Tensor) => tf.gather(e, [0, 1]).sum())(tf.ones([3, 2])))).toThrow(/UnsortedSegmentSum/);

    setWasmKernelOverrides(true);
    setWasmKernelOverrides(true);
    expect(installWasmKernels()).toEqual(['UnsortedSegmentSum', 'BatchMatMul', '_FusedMatMul']);
    expect(isVideor1Kernel(tf.getKernel('BatchMatMul', 'wasm'))).toBe(true);
  });

  test('the switch survives selecting the backend again', async () => {
    setWasmKernelOverrides(false);
    const backend = await selectBackend('wasm');
    expect(backend.detail.kernels).toBe('stock');
    setWasmKernelOverrides(true);
    expect((await selectBackend('wasm')).detail.kernels).toBe('videor1: UnsortedSegmentSum, BatchMatMul, _FusedMatMul');
  });
});

describe("XNNPACK's weight cache (keyed by the right operand's tensor id) stays coherent", () => {
  test('one tensor used as right operand plain, transposed, sliced and broadcast gives cpu values each time', async () => {
    const run = () =>
      tf.tidy(() => {
        const w = tf.tensor(values(4 * 6, 9), [4, 6]);
        const x = tf.tensor(values(3 * 4, 10), [3, 4]);
        const batched = tf.tensor(values(2 * 4 * 6, 11), [2, 4, 6]);
        const outs = [
          tf.matMul(x, w), // packs w as [4, 6]
          tf.matMul(tf.tensor(values(3 * 6, 12), [3, 6]), w, false, true), // wᵀ: a fresh copy
          tf.matMul(x, w), // cached packing of w again
          tf.matMul(x, batched), // per-slice copies of `batched`
          tf.matMul(x, batched), // fresh slices again (disposed ones must not be reused)
          tf.matMul(batched, w, true, false), // [2,6,4]·[4,6]: one 2-D call on a transposed copy
        ];
        return outs.map((t) => Float32Array.from(t.dataSync() as Float32Array));
      });
    expectClose(await on('wasm', run), await on('cpu', run));
  });
});

describe('no leaks', () => {
  test('tensor and backend data counts stay constant across repeated grads in tidy', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const x = tf.tensor(values(2 * 4 * 6 * 5, 1), [2, 4, 6, 5]);
    const y = tf.tensor(values(2 * 4 * 7 * 5, 2), [2, 4, 7, 5]);
    const w = tf.tensor(values(5 * 9, 3), [5, 9]);
    const bias = tf.tensor1d(values(9, 4));
    const table = tf.tensor(values(30 * 5, 5), [30, 5]);
    const tokenIds = tf.tensor(ids(12, 30, 6), [12], 'int32');
    const step = () =>
      tf.tidy(() => {
        const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => {
          const scores = tf.matMul(a, b, false, true); // [2,4,6,7]: per-slice path
          const projected = tf.matMul(a.reshape([48, 5]), c); // one 2-D call
          const dense = tf.fused.matMul({ a: tf.gather(e, tokenIds), b: c, bias, activation: 'relu' });
          return scores.sum().add(projected.square().sum()).add(dense.sum());
        };
        const grads = tf.grads(loss)([x, y, w, table]);
        grads.forEach((g) => g.dataSync());
      });
    step();
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([x, y, w, bias, table, tokenIds]);
  });
});
