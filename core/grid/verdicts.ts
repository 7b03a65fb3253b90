/**
 * Paired verdicts of a grid's variants against its baseline. Seeds are replicates (docs/mlflow.md
 * §4): a row is one configuration (variant and config, seed left out), summarised as the mean ±
 * 95% t interval over its seeds; a variant is compared with the baseline by the paired difference
 * variant − baseline over the seeds both ran (same seed = same data order and initial policy), with
 * a 95% t interval. The verdict is `better` when the whole interval is above 0, `worse` below,
 * else `inconclusive` (always with fewer than two paired seeds: no interval).
 */
import { meanCi95, pairedCi95, verdictOf } from '../stats';

/** One run: which row it belongs to, its seed, its final metrics. */
export interface RunPoint {
  id: string;
  /** Row label (the grid variant, or the experiment name). */
  variant: string;
  /** Identity of the configuration over seeds (config hash without the seed). */
  configKey: string;
  seed: number;
  metrics: Record<string, number>;
  baseline?: boolean;
}

export interface Row {
  variant: string;
  config_key: string;
  seeds: number;
  runs: string[];
  metrics: Record<string, { mean: number; ci95: [number, number] | null; n: number }>;
}

export interface Verdict {
  variant: string;
  config_key: string;
  metric: string;
  diff: number;
  ci95: [number, number] | null;
  verdict: 'better' | 'worse' | 'inconclusive';
  seeds: number;
}

/** Rows by (variant, config key), in first-seen order; a seed seen twice in a row keeps the later run. */
export function rowsOf(runs: readonly RunPoint[], metrics: readonly string[]): { rows: Row[]; bySeed: Map<string, Map<number, RunPoint>> } {
  const bySeed = new Map<string, Map<number, RunPoint>>();
  const first = new Map<string, RunPoint>();
  for (const r of runs) {
    const k = rowKey(r);
    if (!bySeed.has(k)) {
      bySeed.set(k, new Map());
      first.set(k, r);
    }
    bySeed.get(k)!.set(r.seed, r);
  }
  const rows = [...bySeed].map(([k, seeds]) => {
    const r = first.get(k)!;
    const points = [...seeds.values()];
    const m: Row['metrics'] = {};
    for (const metric of metrics) {
      const xs = points.map((p) => p.metrics[metric]).filter((x) => Number.isFinite(x));
      if (xs.length === 0) continue;
      const iv = meanCi95(xs);
      m[metric] = { mean: iv.mean, ci95: xs.length > 1 ? [iv.lo, iv.hi] : null, n: xs.length };
    }
    return { variant: r.variant, config_key: r.configKey, seeds: seeds.size, runs: points.map((p) => p.id), metrics: m };
  });
  return { rows, bySeed };
}

export function rowKey(r: Pick<RunPoint, 'variant' | 'configKey'>): string {
  return `${r.variant}\u0000${r.configKey}`;
}

/** Every non-baseline row against the baseline row, for each metric, paired by seed. */
export function verdictsOf(runs: readonly RunPoint[], baseline: string, metrics: readonly string[]): { rows: Row[]; verdicts: Verdict[] } {
  const { rows, bySeed } = rowsOf(runs, metrics);
  const base = rows.find((r) => r.variant === baseline);
  const verdicts: Verdict[] = [];
  if (!base) return { rows, verdicts };
  const baseSeeds = bySeed.get(rowKey({ variant: base.variant, configKey: base.config_key }))!;
  for (const row of rows) {
    if (row === base) continue;
    const seeds = bySeed.get(rowKey({ variant: row.variant, configKey: row.config_key }))!;
    for (const metric of metrics) {
      const paired = [...seeds.keys()]
        .filter((s) => baseSeeds.has(s))
        .sort((a, b) => a - b)
        .map((s) => [baseSeeds.get(s)!.metrics[metric], seeds.get(s)!.metrics[metric]] as const)
        .filter(([b, v]) => Number.isFinite(b) && Number.isFinite(v));
      if (paired.length === 0) continue;
      const iv = pairedCi95(
        paired.map(([b]) => b),
        paired.map(([, v]) => v),
      );
      const ci95: [number, number] | null = paired.length > 1 ? [iv.lo, iv.hi] : null;
      verdicts.push({
        variant: row.variant,
        config_key: row.config_key,
        metric,
        diff: iv.mean,
        ci95,
        verdict: ci95 ? verdictOf(iv) : 'inconclusive',
        seeds: paired.length,
      });
    }
  }
  return { rows, verdicts };
}
