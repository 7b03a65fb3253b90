import * as tf from '@tensorflow/tfjs';

/** Deterministic values in [-1, 1) (LCG), so cpu and wasm see the same inputs. */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Runs `f` with `backend` active and returns its arrays (copied out of the backend). */
export async function on(backend: 'cpu' | 'wasm' | 'tensorflow', f: () => Float32Array[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return f();
}

/**
 * The tolerance used throughout: |actual − expected| ≤ 1e-5 · max(1, |expected|), i.e. absolute
 * 1e-5 for values within ±1 and relative 1e-5 beyond. Returns the worst violation, or null.
 */
export function mismatch(actual: Float32Array, expected: Float32Array, tol = 1e-5): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ ${expected.length}`;
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(err <= tol) && (worst < 0 || err > worstErr || Number.isNaN(err))) {
      worst = i;
      worstErr = err;
    }
  }
  return worst < 0 ? null : `index ${worst}: ${actual[worst]} vs ${expected[worst]} (scaled error ${worstErr})`;
}

/** Expects each array of `actual` to match the same array of `expected` within the tolerance. */
export function expectClose(actual: Float32Array[], expected: Float32Array[], label = ''): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) =>
    expect({ what: `${label} output ${i}`, problem: mismatch(a, expected[i]) }).toEqual({ what: `${label} output ${i}`, problem: null }),
  );
}
