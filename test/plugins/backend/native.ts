import { loadNative } from '../../../plugins/backend/native/load';

/**
 * Whether native TensorFlow loads here (a regular @tensorflow/tfjs-node-gpu, or the build of
 * `videor1 backend install` in $VIDEOR1_CACHE or ~/.cache/videor1), decided once when the test
 * file is collected; the reason it does not, printed once, for `describe.skip` suites.
 */
export function nativeUnavailable(): string | undefined {
  let found: ReturnType<typeof loadNative>;
  try {
    found = loadNative();
  } catch (e) {
    found = `the native package failed to load (${(e as Error).message.split('\n')[0]})`;
  }
  if (typeof found !== 'string') return undefined;
  console.log(`tensorflow parity tests skipped: ${found}`);
  return found;
}

/** The backends the kernel parity tests compare with cpu: wasm, and tensorflow where it loads. */
export const PARITY_BACKENDS: readonly ('wasm' | 'tensorflow')[] = nativeUnavailable() === undefined ? ['wasm', 'tensorflow'] : ['wasm'];
