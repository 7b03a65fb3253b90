/**
 * Vega-Lite specs for videor1's pictures. Pure functions from numbers to specs, so a test can read
 * the data a chart will show. Intervals are drawn as rules from `lo` to `hi` (95%, as computed by
 * core/stats or the grid summary); nothing here computes statistics.
 */
import type { TopLevelSpec } from 'vega-lite';

/** One curve panel: a metric key and the title it is shown under. */
export interface Panel {
  key: string;
  title: string;
}

/**
 * The paper's Figure 5 panels first (accuracy reward, temporal reward, response length), then the
 * total reward, every other reward's mean (a new plugin shows up by itself), KL and the SFT loss.
 */
export function curvePanels(keys: ReadonlySet<string>): Panel[] {
  const fixed: Panel[] = [
    { key: 'rewards/accuracy/mean', title: 'accuracy reward' },
    { key: 'temporal/granted_rate', title: 'temporal reward granted (rate, video groups)' },
    { key: 'completions/mean_length', title: 'response length (tokens)' },
    { key: 'reward', title: 'reward (total incl. bonus)' },
  ];
  const rewards = [...keys]
    .filter((k) => /^rewards\/[^/]+\/mean$/.test(k) && k !== 'rewards/accuracy/mean')
    .sort()
    .map((key) => ({ key, title: `${key.split('/')[1]} reward` }));
  const tail: Panel[] = [
    { key: 'kl', title: 'KL to reference' },
    { key: 'sft/loss', title: 'SFT loss' },
  ];
  return [...fixed, ...rewards, ...tail].filter((p) => keys.has(p.key));
}

/** Training curves: one small line chart per panel over its stage's steps, 3 per row. */
export function curvesSpec(title: string, history: readonly { step: number; metrics: Record<string, number> }[]): TopLevelSpec | undefined {
  const keys = new Set(history.flatMap((h) => Object.keys(h.metrics)));
  const panels = curvePanels(keys);
  const values = panels.flatMap((p) =>
    history.filter((h) => Number.isFinite(h.metrics[p.key])).map((h) => ({ panel: p.title, step: h.step, value: h.metrics[p.key] })),
  );
  if (values.length === 0) return undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values },
    facet: { field: 'panel', type: 'nominal', sort: panels.map((p) => p.title), title: null, header: { labelFontSize: 11 } },
    columns: 3,
    spec: {
      width: 220,
      height: 140,
      mark: { type: 'line', point: values.length < 60, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}

/** One bar with its 95% interval. */
export interface IntervalBar {
  group: string;
  label: string;
  mean: number;
  lo: number;
  hi: number;
}

/** Bars with interval whiskers, one small chart per group (e.g. per benchmark). */
export function barsSpec(title: string, bars: readonly IntervalBar[], yTitle = 'mean ± 95% CI'): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values: bars.map((b) => ({ ...b })) },
    facet: { field: 'group', type: 'nominal', title: null, sort: [...new Set(bars.map((b) => b.group))] },
    columns: 3,
    spec: {
      width: { step: 28 },
      height: 160,
      layer: [
        { mark: 'bar', encoding: { y: { field: 'mean', type: 'quantitative', title: yTitle }, color: { field: 'label', type: 'nominal', legend: null } } },
        { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      ],
      encoding: { x: { field: 'label', type: 'nominal', title: null, sort: [...new Set(bars.map((b) => b.label))], axis: { labelAngle: -35 } } },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** One point of a sensitivity sweep (e.g. α), with its interval; `series` separates other axes. */
export interface SweepPoint {
  x: number;
  series: string;
  mean: number;
  lo: number;
  hi: number;
}

/** A metric against one numeric hyper-parameter, points joined by lines, interval rules (the paper's Figure 7 shape). */
export function sweepSpec(title: string, xTitle: string, yTitle: string, points: readonly SweepPoint[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 420,
    height: 240,
    data: { values: points.map((p) => ({ ...p })) },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle },
      color: { field: 'series', type: 'nominal', title: null },
    },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative', title: yTitle, scale: { zero: false } } } },
      { mark: 'rule', encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
    ],
  };
}
