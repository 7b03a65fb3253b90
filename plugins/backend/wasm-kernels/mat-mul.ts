import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Fast `BatchMatMul` and `_FusedMatMul` for the wasm backend (docs/tfjs.md §3).
 *
 * tfjs 4.22's wasm kernel (batch_mat_mul_impl.cc) uses XNNPACK only when both transpose flags are
 * false and both operands have batch 1; every other product (all matMul gradients, attention's
 * batched products) runs a scalar loop at 1–2 GFLOP/s. These kernels feed XNNPACK only 2-D
 * products by calling the stock kernel with both flags false and batch 1:
 *
 * 1. a transposed operand is transposed explicitly by the wasm `Transpose` kernel;
 * 2. when the right operand has no batch (`[K, N]`, or batch 1), the left is viewed as
 *    `[batch·M, K]` and one 2-D call serves the whole product;
 * 3. otherwise each output slice is one 2-D call on slices copied into fresh backend tensors,
 *    and is copied into a preallocated output. Broadcasting follows numpy rules per outer axis.
 *
 * XNNPACK caches its packed weights by the right operand's tensor id, so every right operand we
 * pass is either the caller's tensor in its own shape or a fresh tensor disposed right after use
 * (its disposal drops the cached operator). Every temporary is disposed, also on error. Heap
 * views are re-read after each allocation, since the wasm heap can grow and detach old views.
 * Only public BackendWasm methods are used: makeOutput, typedArrayFromHeap, disposeData.
 */

/** The product of two float32 operands `[1, R, K]·[1, K, N]` with no transposes → `R·N` values. */
type Product2D = (a: tf.TensorInfo, b: tf.TensorInfo) => tf.TensorInfo;

/** What tfjs passes a kernel function. */
type KernelArgs = Parameters<tf.KernelFunc>[0];

function size(shape: readonly number[]): number {
  return tf.util.sizeFromShape(shape as number[]);
}

/** Runs the kernel currently registered for wasm under `name` (e.g. the stock Transpose). */
function runWasmKernel(name: string, backend: BackendWasm, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (config == null) throw new Error(`kernel '${name}' is not registered for the wasm backend`);
  return config.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/** A new tensor holding `x` with its last two axes swapped (the caller disposes it). */
function transposeLastTwo(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return runWasmKernel(tf.Transpose, backend, { x }, { perm });
}

/** Flat index into an operand's outer dims for flat output batch index `i` (numpy broadcasting). */
function broadcastIndex(i: number, outer: readonly number[], own: readonly number[]): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  for (let d = outer.length - 1; d >= 0; d--) {
    const coord = rest % outer[d];
    rest = Math.floor(rest / outer[d]);
    const ownD = d - (outer.length - own.length);
    if (ownD < 0) continue;
    if (own[ownD] !== 1) index += coord * stride;
    stride *= own[ownD];
  }
  return index;
}

/** Fills `dst` with the values of `src` from flat `offset` on (both heap views read afresh). */
function copySlice(backend: BackendWasm, src: tf.TensorInfo, offset: number, dst: tf.TensorInfo): void {
  const to = backend.typedArrayFromHeap(dst);
  const from = backend.typedArrayFromHeap(src);
  to.set(from.subarray(offset, offset + to.length));
}

/**
 * `op(a)·op(b)` for float32 `a [...A, M, K]`, `b [...B, K, N]` (before the optional transposes),
 * output `[...broadcast(A, B), M, N]`, through 2-D products only.
 */
export function matMulVia2D(
  backend: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  product: Product2D,
): tf.TensorInfo {
  const temps: tf.TensorInfo[] = [];
  const own = (t: tf.TensorInfo) => (temps.push(t), t);
  try {
    const A = transposeA ? own(transposeLastTwo(backend, a)) : a;
    const B = transposeB ? own(transposeLastTwo(backend, b)) : b;
    const [M, K] = A.shape.slice(-2);
    const [K2, N] = B.shape.slice(-2);
    if (K !== K2) throw new Error(`matMul: inner dimensions ${K} and ${K2} of shapes ${a.shape} and ${b.shape} differ`);
    const outerA = A.shape.slice(0, -2);
    const outerB = B.shape.slice(0, -2);
    const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
    const outShape = [...outer, M, N];
    const dtype = A.dtype;

    if (size(outerB) === 1) {
      // (2) one 2-D product: [batchA·M, K]·[K, N]; `a`'s memory is already laid out that way.
      const out = product({ dataId: A.dataId, shape: [1, size(outerA) * M, K], dtype }, { dataId: B.dataId, shape: [1, K, N], dtype });
      return { dataId: out.dataId, shape: outShape, dtype: out.dtype };
    }

    // (3) one 2-D product per output slice.
    const batch = size(outer);
    const aSingle = size(outerA) === 1;
    const aSlice = aSingle ? { dataId: A.dataId, shape: [1, M, K], dtype } : own(backend.makeOutput([1, M, K], dtype));
    const out = backend.makeOutput(outShape, dtype);
    let bSlice: tf.TensorInfo | undefined;
    try {
      let aLast = -1;
      let bLast = -1;
      for (let i = 0; i < batch; i++) {
        const ia = broadcastIndex(i, outer, outerA);
        if (!aSingle && ia !== aLast) copySlice(backend, A, ia * M * K, aSlice);
        aLast = ia;
        const ib = broadcastIndex(i, outer, outerB);
        if (ib !== bLast) {
          // A fresh tensor (new id) per distinct right slice: XNNPACK caches weights by id.
          if (bSlice !== undefined) backend.disposeData(bSlice.dataId);
          bSlice = undefined; // so `finally` never disposes it twice if makeOutput throws
          bSlice = backend.makeOutput([1, K, N], dtype);
          copySlice(backend, B, ib * K * N, bSlice);
          bLast = ib;
        }
        const part = product(aSlice, bSlice as tf.TensorInfo);
        try {
          backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(part), i * M * N);
        } finally {
          backend.disposeData(part.dataId);
        }
      }
      return out;
    } catch (e) {
      backend.disposeData(out.dataId);
      throw e;
    } finally {
      if (bSlice !== undefined) backend.disposeData(bSlice.dataId);
    }
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/** True when the fast path applies: float32 operands of nonzero size. */
function fastPathApplies(a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  return a.dtype === 'float32' && b.dtype === 'float32' && size(a.shape) > 0 && size(b.shape) > 0;
}

/** Our `BatchMatMul` for wasm, delegating every 2-D product (and other dtypes) to `stock`. */
export function makeBatchMatMulConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const { transposeA, transposeB } = (args.attrs ?? {}) as unknown as tf.BatchMatMulAttrs;
    if (!fastPathApplies(a, b)) return stock.kernelFunc(args) as tf.TensorInfo;
    const attrs = { transposeA: false, transposeB: false };
    return matMulVia2D(
      backend,
      a,
      b,
      Boolean(transposeA),
      Boolean(transposeB),
      (a2, b2) => stock.kernelFunc({ inputs: { a: a2, b: b2 }, backend, attrs }) as tf.TensorInfo,
    );
  };
  return { ...stock, kernelFunc };
}

/**
 * Our `_FusedMatMul` for wasm: the same routing, with the stock kernel adding the bias and the
 * activation on each 2-D product. XNNPACK adds a rank-1 bias per output column, so the fast path
 * takes a bias only of shape `[N]`; other biases and `prelu` (whose weights may vary over the
 * batch) go to the stock kernel unchanged.
 */
export function makeFusedMatMulConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const { a, b, bias, preluActivationWeights } = args.inputs as { [k: string]: tf.TensorInfo | undefined };
    const attrs = (args.attrs ?? {}) as unknown as tf._FusedMatMulAttrs;
    const transposeB = Boolean(attrs.transposeB);
    const n = b === undefined ? -1 : b.shape[b.shape.length - (transposeB ? 2 : 1)];
    const biasOk = bias == null || (bias.shape.length === 1 && bias.shape[0] === n);
    if (a === undefined || b === undefined || !fastPathApplies(a, b) || !biasOk || preluActivationWeights != null || attrs.activation === 'prelu') {
      return stock.kernelFunc(args) as tf.TensorInfo;
    }
    const attrs2D = { ...attrs, transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap;
    return matMulVia2D(
      backend,
      a,
      b,
      Boolean(attrs.transposeA),
      transposeB,
      (a2, b2) => stock.kernelFunc({ inputs: bias == null ? { a: a2, b: b2 } : { a: a2, b: b2, bias }, backend, attrs: attrs2D }) as tf.TensorInfo,
    );
  };
  return { ...stock, kernelFunc };
}
