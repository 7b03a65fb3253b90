/**
 * The one statistics module: moments from simple-statistics, Student-t quantiles from jStat, and
 * the two interval estimators the instrument reports (a t interval over seeds, a paired bootstrap
 * over eval questions). Every summary in videor1 (grid roll-ups, compare verdicts, eval, the RL
 * gain, reward metrics) goes through here, so they agree on empty input: NaN, never a throw.
 */
import { jStat } from 'jstat';
import * as ss from 'simple-statistics';
import type { Rng } from '../rng';

/** Arithmetic mean; NaN for no values. */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : ss.mean(xs as number[]);
}

/** Sample standard deviation (N − 1, torch's default); 0 for one value, NaN for none. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  return xs.length === 1 ? 0 : ss.sampleStandardDeviation(xs as number[]);
}

/** The two-sided 95% Student-t critical value t_{0.975, df} (12.706 at df 1, 1.96 as df → ∞). */
export function tCritical95(df: number): number {
  if (!(df >= 1)) throw new RangeError(`t quantile needs df >= 1, got ${df}`);
  return jStat.studentt.inv(0.975, df);
}

export interface Interval {
  /** the point estimate */
  mean: number;
  /** 95% interval [lo, hi] */
  lo: number;
  hi: number;
  /** half-width of the interval (0 with one value, NaN with none) */
  half: number;
  n: number;
}

/** Mean with a 95% Student-t interval (replicates, e.g. seeds). One value: a zero-width interval. */
export function meanCi95(xs: readonly number[]): Interval {
  const m = mean(xs);
  const half = xs.length > 1 ? tCritical95(xs.length - 1) * (sampleStd(xs) / Math.sqrt(xs.length)) : xs.length === 1 ? 0 : NaN;
  return { mean: m, lo: m - half, hi: m + half, half, n: xs.length };
}

/** Paired t interval of after − before (pairs by index, e.g. by seed). */
export function pairedCi95(before: readonly number[], after: readonly number[]): Interval {
  if (before.length !== after.length) throw new RangeError(`paired values need equal lengths, got ${before.length} and ${after.length}`);
  return meanCi95(after.map((a, i) => a - before[i]));
}

/** better when the whole interval is above 0, worse when below, else inconclusive. */
export function verdictOf(iv: Pick<Interval, 'lo' | 'hi'>): 'better' | 'worse' | 'inconclusive' {
  if (iv.lo > 0) return 'better';
  if (iv.hi < 0) return 'worse';
  return 'inconclusive';
}

/**
 * Paired bootstrap over questions (Efron & Tibshirani 1993, §16; Koehn 2004 for eval sets). The
 * statistic is Σ_s w_s · mean_s(after − before) over strata s (default weights 1/#strata: the
 * change of a "mean of suite accuracies"). Each replicate resamples questions with replacement
 * within each stratum, keeping each question's before and after together; the interval is the
 * 2.5% / 97.5% percentiles of the replicates. Seeded: same inputs and rng state, same interval.
 */
export function pairedBootstrapCi95(
  pairs: readonly { stratum: string; before: number; after: number }[],
  rng: Rng,
  o: { resamples?: number; weights?: Readonly<Record<string, number>> } = {},
): Interval {
  if (pairs.length === 0) return { mean: NaN, lo: NaN, hi: NaN, half: NaN, n: 0 };
  const strata = new Map<string, number[]>();
  for (const p of pairs) strata.set(p.stratum, [...(strata.get(p.stratum) ?? []), p.after - p.before]);
  const names = [...strata.keys()];
  const w = names.map((k) => o.weights?.[k] ?? 1 / names.length);
  const groups = names.map((k) => strata.get(k)!);
  const statistic = (pick: (d: number[]) => number) => groups.reduce((acc, d, i) => acc + w[i] * pick(d), 0);
  const point = statistic((d) => mean(d));
  const resamples = o.resamples ?? 2000;
  const reps: number[] = [];
  for (let r = 0; r < resamples; r++) {
    reps.push(
      statistic((d) => {
        let sum = 0;
        for (let i = 0; i < d.length; i++) sum += d[rng.int(d.length)];
        return sum / d.length;
      }),
    );
  }
  reps.sort((a, b) => a - b);
  const lo = ss.quantileSorted(reps, 0.025);
  const hi = ss.quantileSorted(reps, 0.975);
  return { mean: point, lo, hi, half: (hi - lo) / 2, n: pairs.length };
}
