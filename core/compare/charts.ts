/**
 * Charts for `videor1 compare --plot`, drawn with Vega-Lite (core/report/render.ts) instead of
 * hand-written SVG: bars with 95% CI whiskers, and lines over steps. Each returns the SVG text.
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderChart } from '../report/render';
import { barsSpec } from '../report/specs';

export interface Bar {
  label: string;
  value: number;
  /** Half-width of the 95% interval (0 or absent: no whisker). */
  err?: number;
}

export function barSpec(title: string, bars: readonly Bar[]): TopLevelSpec {
  return barsSpec(
    title,
    bars.map((b) => ({ group: '', label: b.label, mean: b.value, lo: b.value - (b.err ?? 0), hi: b.value + (b.err ?? 0) })),
  );
}

export function lineSpec(title: string, series: readonly { label: string; points: readonly [number, number][] }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 520,
    height: 260,
    data: { values: series.flatMap((s) => s.points.map(([step, value]) => ({ series: s.label, step, value }))) },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'step', type: 'quantitative' },
      y: { field: 'value', type: 'quantitative', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

export async function barChart(title: string, bars: readonly Bar[]): Promise<string> {
  return (await renderChart(barSpec(title, bars))).svg;
}

export async function lineChart(title: string, series: readonly { label: string; points: readonly [number, number][] }[]): Promise<string> {
  return (await renderChart(lineSpec(title, series))).svg;
}
