/**
 * Moments summed left to right in index order (Σ x_i, then ÷ n): the order every path that feeds
 * training or a logged metric has always used (advantages, reward and RL metrics, eval accuracies).
 * simple-statistics (./index) sums with Kahan–Babuška compensation, which can differ in the last
 * bit (the mean of 0.1, 0.2, 0.3 is 0.20000000000000004 in order, 0.19999999999999998
 * compensated), so these keep a seed's metrics bit-identical. Same conventions as ./index: NaN
 * for no values.
 */

/** Σ x_i from the first to the last value; 0 for no values. */
export function sumInOrder(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum;
}

/** Arithmetic mean of values summed in order; NaN for no values. */
export function meanInOrder(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : sumInOrder(xs) / xs.length;
}

/** Σ (x_i − mean)², both sums in order. */
function squaredDeviations(xs: readonly number[]): number {
  const m = meanInOrder(xs);
  let sum = 0;
  for (const x of xs) sum += (x - m) ** 2;
  return sum;
}

/** Sample standard deviation (N − 1, torch's default), sums in order; 0 for one value, NaN for none. */
export function sampleStdInOrder(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  return xs.length === 1 ? 0 : Math.sqrt(squaredDeviations(xs) / (xs.length - 1));
}

/** Population standard deviation (N), sums in order; NaN for no values. */
export function populationStdInOrder(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : Math.sqrt(squaredDeviations(xs) / xs.length);
}

/** Key-wise mean of metric records (a key missing in some records averages over those that have it). */
export function meanByKeyInOrder(records: readonly Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(keys.map((k) => [k, meanInOrder(records.filter((r) => k in r).map((r) => r[k]))]));
}
