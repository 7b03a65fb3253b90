import * as tf from '@tensorflow/tfjs';
import type { Backend, BackendName } from '../../core/contracts/backend';
import { UserError } from '../../core/errors';
import { installNativeKernels } from './native/kernels';
import { loadNative } from './native/load';
import { installedWasmKernels, loadWasmModule, setWasmKernelOverrides, wasmKernelOverridesEnabled } from './wasm-kernels';

/**
 * Initialisers shared by the backend plugins (tensorflow.ts, wasm.ts, cpu.ts) and selectBackend.
 * Each makes its backend the active tfjs backend and describes it, or throws a UserError naming
 * the backend and the reason. They log nothing; tfjs itself may warn while initialising.
 */

/** The reason part of an unavailable backend's error, for `skipped` details. */
export class BackendUnavailable extends UserError {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`backend '${backend}' is not available: ${reason}`);
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

async function activate(name: BackendName): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new BackendUnavailable(name, `tfjs could not initialise it (${firstLine(e)})`);
  }
  if (!ok || tf.getBackend() !== name) throw new BackendUnavailable(name, 'tfjs could not initialise it (see the warning above)');
  await tf.ready();
}

/** Options of the tensorflow backend. */
export interface TensorflowInit {
  /** Refuse a libtensorflow that runs on the CPU only (no CUDA device found); the plugin's `require_gpu`. */
  requireGpu: boolean;
}

/**
 * Native TensorFlow: @tensorflow/tfjs-node-gpu from npm where it installs, else the build of
 * `videor1 backend install` (libtensorflow from PyPI's TensorFlow wheel; native/load.ts).
 */
export async function initTensorflow(o: TensorflowInit = { requireGpu: false }): Promise<Backend> {
  let found: ReturnType<typeof loadNative>;
  try {
    found = loadNative();
  } catch (e) {
    throw new BackendUnavailable('tensorflow', `the native package failed to load (${firstLine(e)}); rebuild it with \`npx videor1 backend install --force\``);
  }
  if (typeof found === 'string') throw new BackendUnavailable('tensorflow', found);
  await activate('tensorflow');
  const kernels = installNativeKernels();
  const native = tf.backend() as unknown as { isUsingGpuDevice?: boolean; binding?: { TF_Version?: string } };
  const gpu = native.isUsingGpuDevice === true;
  if (o.requireGpu && !gpu) throw new BackendUnavailable('tensorflow', 'libtensorflow found no usable CUDA GPU (require_gpu is set)');
  return {
    name: 'tensorflow',
    detail: {
      tfjs: tf.version_core,
      'tfjs-node-gpu': found.version,
      source: found.source,
      ...(found.build ? { build: found.build.device } : {}),
      libtensorflow: native.binding?.TF_Version ?? 'unknown',
      device: gpu ? 'gpu' : 'cpu',
      kernels: kernels.length > 0 ? `native + videor1: ${kernels.join(', ')}` : 'native',
    },
  };
}

/** Options of the wasm backend. */
export interface WasmInit {
  /** Register videor1's kernels (UnsortedSegmentSum, fast BatchMatMul/_FusedMatMul); undefined keeps the current switch. */
  kernels?: boolean;
}

/** tfjs on WebAssembly (XNNPACK, SIMD when available; single-threaded in Node). */
export async function initWasm(o: WasmInit = {}): Promise<Backend> {
  let wasm: ReturnType<typeof loadWasmModule>;
  try {
    wasm = loadWasmModule();
  } catch (e) {
    throw new BackendUnavailable('wasm', `module @tensorflow/tfjs-backend-wasm failed to load (${firstLine(e)})`);
  }
  // Kernels go in before setBackend so their setup functions run when the backend initialises.
  setWasmKernelOverrides(o.kernels ?? wasmKernelOverridesEnabled());
  await activate('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const kernels = installedWasmKernels();
  return {
    name: 'wasm',
    detail: {
      tfjs: tf.version_core,
      'tfjs-backend-wasm': wasm.version_wasm,
      simd: simd === true,
      threads: wasm.getThreadsCount(),
      kernels: kernels.length > 0 ? `videor1: ${kernels.join(', ')}` : 'stock',
    },
  };
}

/** tfjs's pure-JavaScript backend: always there, about 30× slower than wasm on matmuls. */
export async function initCpu(): Promise<Backend> {
  await activate('cpu');
  // tfjs-backend-cpu warns once in Node to "install our node backend"; selectBackend already
  // made that choice (see `skipped`), so the advice is noise in a run log.
  const cpu = tf.backend() as unknown as { firstUse?: boolean };
  if (cpu.firstUse === true) cpu.firstUse = false;
  return { name: 'cpu', detail: { tfjs: tf.version_core, threads: 1, simd: false, kernels: 'stock' } };
}
