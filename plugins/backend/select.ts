import type { Backend, BackendName } from '../../core/contracts/backend';
import { BACKEND_NAMES } from '../../core/contracts/backend';
import { BackendUnavailable, initCpu, initTensorflow, initWasm } from './init';

export { setWasmKernelOverrides, wasmKernelOverridesEnabled } from './wasm-kernels';

const INIT: Readonly<Record<BackendName, () => Promise<Backend>>> = {
  tensorflow: () => initTensorflow(),
  wasm: () => initWasm(),
  cpu: () => initCpu(),
};

/**
 * Makes a tfjs backend active and describes it: the one backend selector (the `auto` plugin and
 * the bench call it). `auto` tries tensorflow, then wasm, then cpu (BACKEND_NAMES order) and keeps the first that initialises; `detail.skipped` says why
 * each earlier one was passed over, e.g. `tensorflow: module @tensorflow/tfjs-node-gpu is not
 * installed; no cpu build in … (run `npx videor1 backend install`)`. A forced backend that fails throws a UserError naming it and the reason.
 * Logs nothing. Safe to call again (kernel registration is idempotent). wasm keeps the current
 * `setWasmKernelOverrides` switch (default: videor1 kernels on).
 */
export async function selectBackend(requested: BackendName | 'auto'): Promise<Backend> {
  if (requested !== 'auto') {
    const backend = await INIT[requested]();
    return { name: backend.name, detail: { ...backend.detail, requested } };
  }
  const skipped: string[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      const backend = await INIT[name]();
      const detail = { ...backend.detail, requested };
      return { name: backend.name, detail: skipped.length > 0 ? { ...detail, skipped: skipped.join('; ') } : detail };
    } catch (e) {
      skipped.push(`${name}: ${e instanceof BackendUnavailable ? e.reason : e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new BackendUnavailable('cpu', `no tfjs backend could be initialised (${skipped.join('; ')})`);
}
