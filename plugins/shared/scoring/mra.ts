import { normalizeNumber } from './number';

/** eval_bench.py `mean_relative_accuracy` thresholds θ = 0.50, 0.55, …, 0.95 (ten of them). */
const THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, k) => 0.5 + 0.05 * k);

/**
 * Mean relative accuracy, VSI-Bench's regression score as eval_bench.py computes it
 * (docs/released-code.md §5.5 step 6): rel = |pred − gt| / (|gt| + 1e-8); MRA = the fraction of
 * the thresholds θ ∈ {0.50, 0.55, …, 0.95} with rel < 1 − θ. In [0, 1]; NaN on either side, or an
 * infinite pred, passes no threshold and gives 0. Example: pred 8.8, gt 10 gives rel ≈ 0.12, below
 * 1 − θ for θ = 0.50 … 0.85 (8 of 10), so 0.8.
 *
 * Arithmetic is float64, as docs/released-code.md §5.5 states it. The released script uses float32 torch tensors, so a
 * rel within float32 rounding of a threshold can fall on the other side there (pred 7, gt 10: rel
 * is 0.3 − 3e-10 here, 0.5 passes; in float32 rel is 0.3 = 1 − 0.7, so 0.4).
 */
export function meanRelativeAccuracy(pred: number, gt: number): number {
  const rel = Math.abs(pred - gt) / (Math.abs(gt) + 1e-8);
  return THRESHOLDS.filter((theta) => rel < 1 - theta).length / THRESHOLDS.length;
}

/**
 * eval_bench.py's regression score of two answer strings: `normalize_number` both (commas dropped,
 * Python `float()`), 0 when either is not a number, else {@link meanRelativeAccuracy}.
 * Example: `mra('8.8', '10')` is 0.8; `mra('far', '3.0')` is 0.
 */
export function mra(pred: string, gt: string): number {
  const [p, g] = [normalizeNumber(pred), normalizeNumber(gt)];
  return p === null || g === null ? 0 : meanRelativeAccuracy(p, g);
}
