/**
 * Mean relative accuracy, VSI-Bench's regression score as eval_bench.py computes it
 * (reference §5.5): rel = |pred − gt| / (|gt| + 1e-8); MRA = the fraction of the ten thresholds
 * θ ∈ {0.50, 0.55, …, 0.95} with rel < 1 − θ. Unparseable predictions score 0.
 */
export function meanRelativeAccuracy(pred: number, gt: number): number {
  if (!Number.isFinite(pred) || !Number.isFinite(gt)) return 0;
  const rel = Math.abs(pred - gt) / (Math.abs(gt) + 1e-8);
  let hits = 0;
  for (let k = 0; k < 10; k++) if (rel < 1 - (0.5 + 0.05 * k)) hits++;
  return hits / 10;
}
