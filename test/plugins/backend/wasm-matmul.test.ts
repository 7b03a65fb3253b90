import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../plugins/backend/select';
import { installedWasmKernels } from '../../../plugins/backend/wasm-kernels';
import { expectClose, on, size, values } from './compare';
import { PARITY_BACKENDS } from './native';

/**
 * Values and gradients of matMul and fused matMul on wasm with videor1's kernels match the cpu
 * backend within |Δ| ≤ 1e-5 · max(1, |cpu|) (compare.ts), on the same input arrays.
 *
 * tfjs-core 4.22's BatchMatMul gradient does not sum over broadcast batch axes (on every
 * backend: "gradient of input 'b' has shape 4,5,7 … input 5,7"), so where the batches differ the
 * gradients are taken through explicit `tile`s (still our kernels on wasm) and the broadcast
 * product itself is compared forward only.
 */

beforeAll(async () => {
  await selectBackend('cpu'); // initialises cpu quietly; `on('cpu')` switches to it later
  if (PARITY_BACKENDS.includes('tensorflow')) await selectBackend('tensorflow'); // registers it for `on('tensorflow')`
  await selectBackend('wasm');
  expect(installedWasmKernels()).toEqual(['UnsortedSegmentSum', 'BatchMatMul', '_FusedMatMul']);
});

interface Case {
  why: string;
  outerA: number[];
  outerB: number[];
  mkn: [number, number, number];
}

const FLAGS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

const CASES: Case[] = [
  { why: '2-D 1x1', outerA: [], outerB: [], mkn: [1, 1, 1] },
  { why: '2-D odd', outerA: [], outerB: [], mkn: [3, 5, 7] },
  { why: '2-D 17x33 · 33x9', outerA: [], outerB: [], mkn: [17, 33, 9] },
  { why: '2-D row · column (M = N = 1)', outerA: [], outerB: [], mkn: [1, 33, 1] },
  { why: '2-D outer product (K = 1)', outerA: [], outerB: [], mkn: [8, 1, 6] },
  { why: '3-D batched', outerA: [4], outerB: [4], mkn: [3, 5, 7] },
  { why: '3-D batched 1x1', outerA: [3], outerB: [3], mkn: [1, 1, 1] },
  { why: '4-D batched (attention heads)', outerA: [2, 3], outerB: [2, 3], mkn: [4, 5, 6] },
  { why: '3-D · 2-D (broadcast right, one 2-D call)', outerA: [4], outerB: [], mkn: [3, 5, 7] },
  { why: '4-D · 2-D (broadcast right)', outerA: [2, 3], outerB: [], mkn: [3, 5, 7] },
  { why: '2-D · 3-D (broadcast left)', outerA: [], outerB: [4], mkn: [3, 5, 7] },
  { why: 'batch 1 both', outerA: [1], outerB: [1], mkn: [3, 5, 7] },
  { why: 'batch 4 · batch 1', outerA: [4], outerB: [1], mkn: [3, 5, 7] },
  { why: 'batch 1 · batch 4', outerA: [1], outerB: [4], mkn: [3, 5, 7] },
  { why: 'rank 4 · rank 3 broadcast', outerA: [2, 3], outerB: [3], mkn: [2, 4, 3] },
  { why: 'general broadcast [2,1]·[1,3] (reference: tiled on cpu)', outerA: [2, 1], outerB: [1, 3], mkn: [3, 5, 7] },
];

function broadcastOuter(a: number[], b: number[]): number[] {
  return tf.broadcast_util.assertAndGetBroadcastShape(a, b);
}

/** True when cpu's BatchMatMul broadcasts this pair correctly (it indexes batches modulo). */
function cpuBroadcastsCorrectly(c: Case): boolean {
  return size(c.outerA) === 1 || size(c.outerB) === 1 || size(c.outerA) === size(c.outerB);
}

function broadcasts(c: { outerA: number[]; outerB: number[] }): boolean {
  return c.outerA.length !== c.outerB.length || c.outerA.some((d, i) => d !== c.outerB[i]);
}

/**
 * [y, dL/da, dL/db] for L = Σ matMul(a, b)·w. `tiled` computes y by tiling to the broadcast
 * batch first; the gradients always go through tiles when the batches differ (see above).
 */
function matMulAndGrads(c: Case, ta: boolean, tb: boolean, tiled: boolean): Float32Array[] {
  const [m, k, n] = c.mkn;
  const shapeA = [...c.outerA, ...(ta ? [k, m] : [m, k])];
  const shapeB = [...c.outerB, ...(tb ? [n, k] : [k, n])];
  const outer = broadcastOuter(c.outerA, c.outerB);
  const expand = (t: tf.Tensor, own: number[], tile: boolean) => {
    if (!tile) return t;
    const lifted = t.reshape([...Array(outer.length - own.length).fill(1), ...t.shape]);
    const reps = [...outer.map((d, i) => (lifted.shape[i] === 1 ? d : 1)), 1, 1];
    return lifted.tile(reps);
  };
  return tf.tidy(() => {
    const a = tf.tensor(values(size(shapeA), 11), shapeA);
    const b = tf.tensor(values(size(shapeB), 23), shapeB);
    const w = tf.tensor(values(size(outer) * m * n, 37), [...outer, m, n]);
    const product = (x: tf.Tensor, y: tf.Tensor, tile: boolean) => tf.matMul(expand(x, c.outerA, tile), expand(y, c.outerB, tile), ta, tb);
    const { value, grads } = tf.valueAndGrads((x: tf.Tensor, y: tf.Tensor) => product(x, y, broadcasts(c)).mul(w).sum())([a, b]);
    value.dataSync();
    const y = product(a, b, tiled);
    expect(y.shape).toEqual([...outer, m, n]);
    expect(grads[0].shape).toEqual(shapeA);
    expect(grads[1].shape).toEqual(shapeB);
    return [y, ...grads].map((t) => Float32Array.from(t.dataSync() as Float32Array));
  });
}

describe.each(PARITY_BACKENDS)('matMul on %s (wasm: videor1 kernels) matches cpu (values and gradients)', (target) => {
  const table = CASES.flatMap((c) => FLAGS.map(([ta, tb]) => ({ ...c, ta, tb })));
  test.each(table)('$why: a $outerA b $outerB mkn $mkn transposeA=$ta transposeB=$tb', async ({ ta, tb, ...c }) => {
    const expected = await on('cpu', () => matMulAndGrads(c, ta, tb, !cpuBroadcastsCorrectly(c)));
    const actual = await on(target, () => matMulAndGrads(c, ta, tb, false));
    expectClose(actual, expected, c.why);
  });
});

interface FusedCase {
  why: string;
  outerA: number[];
  outerB: number[];
  activation: 'linear' | 'relu' | 'sigmoid' | 'elu';
  bias: boolean;
}

const FUSED: FusedCase[] = [
  { why: '2-D dense layer', outerA: [], outerB: [], activation: 'relu', bias: true },
  { why: '2-D no bias', outerA: [], outerB: [], activation: 'linear', bias: false },
  { why: '3-D batched', outerA: [4], outerB: [4], activation: 'sigmoid', bias: true },
  { why: '3-D · 2-D', outerA: [4], outerB: [], activation: 'elu', bias: true },
  { why: '2-D · 3-D', outerA: [], outerB: [3], activation: 'linear', bias: true },
];

/** [y, dL/da, dL/db, (dL/dbias)] for L = Σ fused.matMul(a, b, bias, act)·w; y only when broadcasting. */
function fusedAndGrads(c: FusedCase, ta: boolean, tb: boolean): Float32Array[] {
  const [m, k, n] = [3, 5, 7];
  const shapeA = [...c.outerA, ...(ta ? [k, m] : [m, k])];
  const shapeB = [...c.outerB, ...(tb ? [n, k] : [k, n])];
  const outer = broadcastOuter(c.outerA, c.outerB);
  return tf.tidy(() => {
    const inputs = [tf.tensor(values(size(shapeA), 5), shapeA), tf.tensor(values(size(shapeB), 6), shapeB)];
    if (c.bias) inputs.push(tf.tensor1d(values(n, 7)));
    const w = tf.tensor(values(size(outer) * m * n, 8), [...outer, m, n]);
    const f = (a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor) => tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation: c.activation });
    const y = f(inputs[0], inputs[1], inputs[2]);
    if (broadcasts(c)) return [Float32Array.from(y.dataSync() as Float32Array)];
    const { grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => f(xs[0], xs[1], xs[2]).mul(w).sum())(inputs);
    return [y, ...grads].map((t) => Float32Array.from(t.dataSync() as Float32Array));
  });
}

describe.each(PARITY_BACKENDS)('fused matMul (tf.layers dense) on %s (wasm: videor1 kernels) matches cpu', (target) => {
  const table = FUSED.flatMap((c) => FLAGS.map(([ta, tb]) => ({ ...c, ta, tb })));
  test.each(table)('$why ($activation, bias=$bias) transposeA=$ta transposeB=$tb', async ({ ta, tb, ...c }) => {
    const expected = await on('cpu', () => fusedAndGrads(c, ta, tb));
    const actual = await on(target, () => fusedAndGrads(c, ta, tb));
    expectClose(actual, expected, c.why);
  });
});
