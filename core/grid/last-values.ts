import type { StoredRun } from '../contracts/tracker';

/** The value at the highest step of every metric (what MLflow's run table shows). */
export function lastValues(run: Pick<StoredRun, 'metrics'>): Record<string, number> {
  const out: Record<string, { step: number; value: number }> = {};
  for (const p of run.metrics) if (!out[p.key] || p.step >= out[p.key].step) out[p.key] = { step: p.step, value: p.value };
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
}
