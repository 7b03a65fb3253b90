import { meanCi95, sampleStd } from '../stats';

/**
 * Roll replicate seeds up into per-configuration summaries: mean, sample std and a 95% t
 * interval half-width over seeds (docs/mlflow.md §4: seeds are replicates, not configs).
 */
export interface CellResult {
  variant: string;
  axes: Record<string, unknown>;
  seed: number;
  status: 'FINISHED' | 'FAILED' | 'KILLED';
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
      const iv = meanCi95(xs);
      s.mean[k] = iv.mean;
      s.std[k] = sampleStd(xs);
      s.ci95[k] = iv.half;
    }
    return s;
  });
}
