/**
 * Roll replicate seeds up into per-configuration summaries: mean, sample std and a 95% t
 * interval half-width over seeds (rl-frameworks.md (c)5: seeds are replicates, not configs).
 */
export interface CellResult {
  variant: string;
  axes: Record<string, unknown>;
  seed: number;
  status: 'FINISHED' | 'FAILED';
  metrics: Record<string, number>;
}

export interface ConfigSummary {
  config: string;
  n: number;
  failed: number;
  mean: Record<string, number>;
  std: Record<string, number>;
  ci95: Record<string, number>;
}

// two-sided 97.5% Student-t quantiles for 1..30 degrees of freedom
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function configKey(c: Pick<CellResult, 'variant' | 'axes'>): string {
  return [c.variant, ...Object.entries(c.axes).map(([k, v]) => `${k.split('.').pop()}=${JSON.stringify(v)}`)].join(' ');
}

export function summarise(results: readonly CellResult[]): ConfigSummary[] {
  const byConfig = new Map<string, CellResult[]>();
  for (const r of results) byConfig.set(configKey(r), [...(byConfig.get(configKey(r)) ?? []), r]);
  return [...byConfig].map(([config, cells]) => {
    const ok = cells.filter((c) => c.status === 'FINISHED');
    const keys = [...new Set(ok.flatMap((c) => Object.keys(c.metrics)))].sort();
    const s: ConfigSummary = { config, n: ok.length, failed: cells.length - ok.length, mean: {}, std: {}, ci95: {} };
    for (const k of keys) {
      const xs = ok.map((c) => c.metrics[k]).filter((x) => Number.isFinite(x));
      if (xs.length === 0) continue;
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) : 0;
      s.mean[k] = m;
      s.std[k] = sd;
      s.ci95[k] = xs.length > 1 ? T975[Math.min(xs.length - 1, T975.length) - 1] * (sd / Math.sqrt(xs.length)) : 0;
    }
    return s;
  });
}
