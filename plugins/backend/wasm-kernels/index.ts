import * as tf from '@tensorflow/tfjs';
import { makeBatchMatMulConfig, makeFusedMatMulConfig } from './mat-mul';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

/**
 * videor1's kernels for the tfjs wasm backend, and the switch between them and tfjs's stock ones.
 *
 * - `UnsortedSegmentSum`: new (wasm has none; needed by `tf.gather`'s gradient).
 * - `BatchMatMul`, `_FusedMatMul`: overrides that serve transposed and batched products through
 *   XNNPACK's 2-D path (×6 on a training step, docs/tfjs.md §3).
 *
 * Kernels are global to the tfjs engine, so this state is too: `setWasmKernelOverrides(false)`
 * restores exactly the stock registry (stock BatchMatMul/_FusedMatMul back, UnsortedSegmentSum gone,
 * so gather gradients fail on wasm, as in plain tfjs), `true` installs ours. The default is on.
 * Registering is idempotent; the stock configs are captured once, before the first override.
 */

const WASM = 'wasm';
/** Marks the configs we register, so a second copy of this module never mistakes them for stock. */
const OURS = Symbol.for('videor1.wasmKernel');

interface State {
  /** Whether our kernels should be registered (default on). */
  enabled: boolean;
  /** tfjs's own configs for the kernels we override (undefined: tfjs has none). */
  stock?: ReadonlyMap<string, tf.KernelConfig | undefined>;
  /** Our configs, built from the stock ones. */
  ours?: ReadonlyMap<string, tf.KernelConfig>;
}

/** Shared through the global object, like tfjs's own kernel registry. */
const state: State = ((globalThis as Record<symbol, unknown>)[Symbol.for('videor1.wasmKernels')] ??= { enabled: true }) as State;

/** Loads @tensorflow/tfjs-backend-wasm (which registers the backend and its kernels) on demand. */
export function loadWasmModule(): typeof import('@tensorflow/tfjs-backend-wasm') {
  // Lazy: importing it registers 'wasm' at priority 2, which would change tfjs's default backend
  // for every module that merely imports this file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@tensorflow/tfjs-backend-wasm');
}

function mark(config: tf.KernelConfig): tf.KernelConfig {
  return Object.assign(config, { [OURS]: true });
}

/** True when `config` is one of videor1's wasm kernels. */
export function isVideor1Kernel(config: tf.KernelConfig | undefined): boolean {
  return config != null && (config as unknown as Record<symbol, unknown>)[OURS] === true;
}

function prepare(): { stock: ReadonlyMap<string, tf.KernelConfig | undefined>; ours: ReadonlyMap<string, tf.KernelConfig> } {
  if (state.stock && state.ours) return { stock: state.stock, ours: state.ours };
  loadWasmModule();
  const stock = new Map<string, tf.KernelConfig | undefined>();
  for (const name of [tf.BatchMatMul, tf._FusedMatMul, tf.UnsortedSegmentSum]) {
    const current = tf.getKernel(name, WASM);
    if (isVideor1Kernel(current)) throw new Error(`videor1 wasm kernel '${name}' registered without its stock config`);
    stock.set(name, current);
  }
  const need = (name: string) => {
    const c = stock.get(name);
    if (c == null) throw new Error(`tfjs-backend-wasm registers no '${name}' kernel; this tfjs version is unsupported`);
    return c;
  };
  const ours = new Map<string, tf.KernelConfig>([
    [tf.UnsortedSegmentSum, mark({ ...unsortedSegmentSumConfig })],
    [tf.BatchMatMul, mark(makeBatchMatMulConfig(need(tf.BatchMatMul)))],
    [tf._FusedMatMul, mark(makeFusedMatMulConfig(need(tf._FusedMatMul)))],
  ]);
  state.stock = stock;
  state.ours = ours;
  return { stock, ours };
}

/** Puts `config` (or nothing) in the wasm registry slot of `name`, without tfjs's overwrite warning. */
function place(name: string, config: tf.KernelConfig | undefined): void {
  const current = tf.getKernel(name, WASM);
  if (current === config) return;
  if (current != null) tf.unregisterKernel(name, WASM);
  if (config != null) tf.registerKernel(config);
}

/**
 * Registers our wasm kernels (`true`, the default) or restores tfjs's stock ones (`false`), for
 * side-by-side timing in one process. Safe to call any number of times, before or after
 * `tf.setBackend('wasm')` (our configs keep the stock setup functions).
 */
export function setWasmKernelOverrides(enabled: boolean): void {
  const { stock, ours } = prepare();
  state.enabled = enabled;
  for (const [name, config] of ours) place(name, enabled ? config : stock.get(name));
}

/** Whether our wasm kernels are (to be) registered. */
export function wasmKernelOverridesEnabled(): boolean {
  return state.enabled;
}

/** Applies the current switch (default on) to the registry; returns the names of our kernels now registered. */
export function installWasmKernels(): string[] {
  setWasmKernelOverrides(state.enabled);
  return installedWasmKernels();
}

/** Names of videor1 kernels currently registered for wasm. */
export function installedWasmKernels(): string[] {
  return [tf.UnsortedSegmentSum, tf.BatchMatMul, tf._FusedMatMul].filter((n) => isVideor1Kernel(tf.getKernel(n, WASM)));
}

/** tfjs's own config for a kernel we override (undefined for UnsortedSegmentSum), for tests and benchmarks. */
export function stockWasmKernel(name: string): tf.KernelConfig | undefined {
  return prepare().stock.get(name);
}
