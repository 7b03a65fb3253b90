/** The tfjs backends videor1 can run on, in automatic-choice order (docs/tfjs.md §6). */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A selected, initialised tfjs backend. */
export interface Backend {
  readonly name: BackendName;
  /** Human-readable detail recorded with the run (versions, kernels, threads, device). */
  readonly detail: Record<string, string | number | boolean>;
}
