/**
 * A grid parent's report (artifacts `grid/`): `comparison.md`, the seeds rolled up per
 * configuration (mean ± 95% CI half-width, from the grid summary), `bars.png` (+ `.svg`), one bar
 * per configuration with its interval for each benchmark's accuracy, and, when the grid sweeps a
 * numeric axis (ablations/alpha.yaml: `advantage.options.alpha`), `sweep-<axis>.png`: accuracy
 * against that value with intervals, the shape of the paper's Figure 7.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CellResult, ConfigSummary } from '../grid/summary';
import { configKey } from '../grid/summary';
import { mdTable, num } from './markdown';
import { renderChart } from './render';
import { barsSpec, sweepSpec, type IntervalBar, type SweepPoint } from './specs';

export interface GridReportInput {
  name: string;
  description?: string;
  axes: Record<string, unknown>;
  results: readonly Pick<CellResult, 'variant' | 'axes' | 'seed' | 'status'>[];
  summary: readonly ConfigSummary[];
}

/** Accuracy keys in a display order: the headline mean first, then each benchmark. */
export function accuracyKeys(summary: readonly ConfigSummary[]): string[] {
  const keys = [...new Set(summary.flatMap((s) => Object.keys(s.mean)))].filter((k) => /^eval\/[^/]+\/acc$/.test(k)).sort();
  return [...keys.filter((k) => k === 'eval/mean/acc'), ...keys.filter((k) => k !== 'eval/mean/acc')];
}

/** Bars: every configuration × accuracy key, mean and mean ± half-width. */
export function gridBars(summary: readonly ConfigSummary[]): IntervalBar[] {
  return accuracyKeys(summary).flatMap((k) =>
    summary
      .filter((s) => Number.isFinite(s.mean[k]))
      .map((s) => ({ group: k.slice('eval/'.length), label: s.config, mean: s.mean[k], lo: s.mean[k] - (s.ci95[k] ?? 0), hi: s.mean[k] + (s.ci95[k] ?? 0) })),
  );
}

/** The numeric axes of a grid (every value a number), e.g. `advantage.options.alpha`. */
export function numericAxes(axes: Record<string, unknown>): string[] {
  return Object.entries(axes)
    .filter(([, v]) => Array.isArray(v) && v.length > 1 && v.every((x) => typeof x === 'number'))
    .map(([k]) => k);
}

/** Sweep points for one numeric axis: one series per variant (and other axes), x = the axis value. */
export function sweepPoints(r: GridReportInput, axis: string, metric: string): SweepPoint[] {
  const byKey = new Map(r.summary.map((s) => [s.config, s]));
  const seen = new Set<string>();
  const out: SweepPoint[] = [];
  for (const c of r.results) {
    const key = configKey(c);
    const s = byKey.get(key);
    if (seen.has(key) || !s || !Number.isFinite(s.mean[metric])) continue;
    seen.add(key);
    const others = Object.entries(c.axes)
      .filter(([k]) => k !== axis)
      .map(([k, v]) => `${k.split('.').pop()}=${JSON.stringify(v)}`);
    const half = s.ci95[metric] ?? 0;
    out.push({ x: Number(c.axes[axis]), series: [c.variant, ...others].join(' '), mean: s.mean[metric], lo: s.mean[metric] - half, hi: s.mean[metric] + half });
  }
  return out.sort((a, b) => a.series.localeCompare(b.series) || a.x - b.x);
}

/** The comparison table (pure). */
export function gridMarkdown(r: GridReportInput, charts: readonly string[]): string {
  const keys = accuracyKeys(r.summary);
  const gaps = [...new Set(r.summary.flatMap((s) => Object.keys(s.mean)))].filter((k) => /^eval\/[^/]+\/temporal_gap$/.test(k)).sort();
  const cols = [...keys, ...gaps];
  const rows = r.summary.map((s) => [
    s.config,
    String(s.n),
    String(s.failed),
    ...cols.map((k) => (Number.isFinite(s.mean[k]) ? `${num(s.mean[k])} ± ${num(s.ci95[k] ?? 0)}` : '')),
  ]);
  const out = [
    `# grid ${r.name}`,
    '',
    r.description ?? '',
    '',
    `${r.results.length} cells; mean ± 95% CI half-width over seeds (Student t).`,
    '',
    mdTable(['config', 'seeds', 'failed', ...cols], rows),
    '',
  ];
  for (const c of charts) out.push(`![${c}](${c})`, '');
  return out.join('\n');
}

/** Write `comparison.md`, `bars.png` and, per numeric axis, `sweep-<axis>.png` into `dir`. */
export async function writeGridReport(dir: string, r: GridReportInput): Promise<string[]> {
  const charts: string[] = [];
  const bars = gridBars(r.summary);
  if (bars.length > 0) {
    const { svg, png } = await renderChart(barsSpec(`${r.name}: accuracy per configuration (mean ± 95% CI over seeds)`, bars));
    fs.writeFileSync(path.join(dir, 'bars.png'), png);
    fs.writeFileSync(path.join(dir, 'bars.svg'), svg);
    charts.push('bars.png');
  }
  const metric = accuracyKeys(r.summary)[0];
  for (const axis of metric ? numericAxes(r.axes) : []) {
    const points = sweepPoints(r, axis, metric);
    if (points.length < 2) continue;
    const name = `sweep-${axis.split('.').pop()}`;
    const { svg, png } = await renderChart(sweepSpec(`${r.name}: ${metric} against ${axis}`, axis, `${metric} (mean ± 95% CI)`, points));
    fs.writeFileSync(path.join(dir, `${name}.png`), png);
    fs.writeFileSync(path.join(dir, `${name}.svg`), svg);
    charts.push(`${name}.png`);
  }
  fs.writeFileSync(path.join(dir, 'comparison.md'), gridMarkdown(r, charts));
  return ['comparison.md', ...charts.flatMap((c) => [c, c.replace(/\.png$/, '.svg')])];
}
