import * as tf from '@tensorflow/tfjs';

/**
 * videor1's kernels for the `tensorflow` backend (tfjs-node), where every kernel is one or more
 * TensorFlow eager op calls and a decode step (tiny tensors) is bound by their fixed cost:
 *
 * - `BatchMatMul` on two rank-2 operands runs TensorFlow's `MatMul` op instead of
 *   `BatchMatMulV2`: the same product, about half the per-call cost (~60 vs ~120 µs for
 *   `[32,128]·[128,384]`, measured interleaved in one process); other ranks keep the stock kernel.
 *   Its float sums differ from BatchMatMulV2's on long transposed reductions (weight gradients
 *   `Xᵀ·dY` over thousands of rows): a numerics change on this backend, within 1e-5.
 * - `Mean` of a float32 tensor calls `Mean` directly; the stock kernel first runs a `Cast` to
 *   float32 even when the input is float32 (a whole extra op call per mean).
 *
 * `Mean` gives the stock kernel's values bit for bit, `BatchMatMul` on the decode's products too
 * (test/plugins/backend/native-kernels.test.ts).
 * Registered once per process when the backend starts (init.ts); kernels are global to tfjs.
 */

/** The parts of tfjs-node's NodeJSKernelBackend these kernels use. */
interface NodeBackend {
  binding: { TF_ATTR_BOOL: number; TF_ATTR_TYPE: number; TF_FLOAT: number; TF_INT32: number };
  executeSingleOutput(name: string, attrs: unknown[], inputs: tf.TensorInfo[]): tf.TensorInfo;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

const BACKEND = 'tensorflow';
const OURS = Symbol.for('videor1.nativeKernel');

function matMulConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.shape.length !== 2 || b.shape.length !== 2 || a.dtype !== 'float32' || b.dtype !== 'float32') return stock.kernelFunc(args) as tf.TensorInfo;
    const backend = args.backend as unknown as NodeBackend;
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const k = backend.binding;
    return backend.executeSingleOutput(
      'MatMul',
      [
        { name: 'T', type: k.TF_ATTR_TYPE, value: k.TF_FLOAT },
        { name: 'transpose_a', type: k.TF_ATTR_BOOL, value: Boolean(transposeA) },
        { name: 'transpose_b', type: k.TF_ATTR_BOOL, value: Boolean(transposeB) },
      ],
      [a, b],
    );
  };
  return { ...stock, kernelFunc };
}

function meanConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype !== 'float32') return stock.kernelFunc(args) as tf.TensorInfo;
    const backend = args.backend as unknown as NodeBackend;
    const { axis, keepDims } = args.attrs as unknown as tf.MeanAttrs;
    const axes = tf.tensor1d(tf.util.parseAxisParam(axis, x.shape), 'int32');
    const k = backend.binding;
    try {
      return backend.executeSingleOutput(
        'Mean',
        [
          { name: 'keep_dims', type: k.TF_ATTR_BOOL, value: Boolean(keepDims) },
          { name: 'T', type: k.TF_ATTR_TYPE, value: k.TF_FLOAT },
          { name: 'Tidx', type: k.TF_ATTR_TYPE, value: k.TF_INT32 },
        ],
        [x, axes],
      );
    } finally {
      axes.dispose();
    }
  };
  return { ...stock, kernelFunc };
}

const MAKERS: ReadonlyMap<string, (stock: tf.KernelConfig) => tf.KernelConfig> = new Map([
  [tf.BatchMatMul, matMulConfig],
  [tf.Mean, meanConfig],
]);

/** The stock config a registered videor1 kernel replaced (it is kept on our config), or undefined. */
export function stockNativeKernel(name: string): tf.KernelConfig | undefined {
  return (tf.getKernel(name, BACKEND) as unknown as Record<symbol, tf.KernelConfig | undefined> | undefined)?.[OURS];
}

/** Registers the kernels above over tfjs-node's (idempotent); returns their names. */
export function installNativeKernels(): string[] {
  for (const [name, make] of MAKERS) {
    const current = tf.getKernel(name, BACKEND);
    if (current == null || stockNativeKernel(name) !== undefined) continue;
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(Object.assign(make(current), { [OURS]: current }));
  }
  return [...MAKERS.keys()].filter((n) => stockNativeKernel(n) !== undefined);
}
