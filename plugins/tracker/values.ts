/**
 * Metric values as JSON. JSON has no NaN or ±Infinity (`JSON.stringify(NaN)` is `null`), so both
 * the local `metrics.jsonl` and MLflow's REST API carry them as the strings `"NaN"`, `"Infinity"`
 * and `"-Infinity"` (docs/mlflow.md §1.1).
 */
export type EncodedNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function encodeNumber(v: number): EncodedNumber {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

/** Inverse of `encodeNumber`; anything else (null, other strings) decodes to NaN. */
export function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'string' && v.trim() !== '' && v !== 'NaN') {
    const n = Number(v);
    if (!Number.isNaN(n)) return n;
  }
  return NaN;
}
