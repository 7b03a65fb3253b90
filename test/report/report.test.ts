import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { ProjectSchema } from '../../core/config/schema';
import { validateExperiment } from '../../core/config/load';
import { accuracyKeys, gridBars, gridMarkdown, numericAxes, sweepPoints, writeGridReport } from '../../core/report/grid-report';
import { renderChart } from '../../core/report/render';
import { runMarkdown, writeRunReport } from '../../core/report/run-report';
import { curvePanels, curvesSpec } from '../../core/report/specs';
import type { ConfigSummary } from '../../core/grid/summary';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-report-'));
const cfg = validateExperiment({ name: 'demo', seed: 3, sft: { steps: 2 }, rl: { steps: 2 } }, '/x/demo.yaml', ProjectSchema.parse({}));

// two SFT points, two RL points, at the count of steps done (as the stages log them)
const history: { step: number; metrics: Record<string, number> }[] = [
  { step: 1, metrics: { 'sft/loss': 3 } },
  { step: 2, metrics: { 'sft/loss': 2 } },
  {
    step: 1,
    metrics: {
      reward: 1,
      'rewards/accuracy/mean': 0.25,
      'rewards/brevity/mean': 0.5,
      'rewards/accuracy/image/mean': 0.2,
      'completions/mean_length': 30,
      'temporal/granted_rate': 0.5,
    },
  },
  {
    step: 2,
    metrics: {
      reward: 1.5,
      'rewards/accuracy/mean': 0.5,
      'rewards/brevity/mean': 0.75,
      'rewards/accuracy/image/mean': 0.4,
      'completions/mean_length': 20,
      'temporal/granted_rate': 1,
    },
  },
];

describe('training curves (the paper’s Figure 5 panels first)', () => {
  it('orders panels: accuracy, temporal, length, total, other rewards, SFT loss; per-modality keys are left out', () => {
    const keys = new Set(history.flatMap((h) => Object.keys(h.metrics)));
    expect(curvePanels(keys).map((p) => p.key)).toEqual([
      'rewards/accuracy/mean',
      'temporal/granted_rate',
      'completions/mean_length',
      'reward',
      'rewards/brevity/mean',
      'sft/loss',
    ]);
  });

  it('puts every logged value in the spec at its step', () => {
    const spec = curvesSpec('t', history) as unknown as { data: { values: { panel: string; step: number; value: number }[] } };
    const brevity = spec.data.values.filter((v) => v.panel === 'brevity reward');
    expect(brevity).toEqual([
      { panel: 'brevity reward', step: 1, value: 0.5 },
      { panel: 'brevity reward', step: 2, value: 0.75 },
    ]);
    expect(spec.data.values).toHaveLength(12); // 6 panels × 2 points
  });

  it('has no chart for a run that logged nothing', () => {
    expect(curvesSpec('t', [])).toBeUndefined();
  });
});

describe('the run report', () => {
  const evalRows = [{ benchmark: 'temporal', n: 96, acc: 0.40625, acc_shuffled: 0.4479166666666667, temporal_gap: -0.041666666666666685 }];

  it('has the config, the eval table (ordered, shuffled, gap) and the paired RL gain with its verdict', () => {
    const md = runMarkdown(
      {
        runId: 'r1',
        cfg,
        history,
        eval: evalRows as never,
        final: {},
        rlGain: { before: 0.3, after: 0.35, diff: 0.05, ci95: [0.01, 0.09], n: 576, metric: 'eval/mean/acc' },
      },
      true,
    ).split('\n');
    expect(md[0]).toBe('# demo: run r1');
    expect(md).toContain('| seed / backend | 3 / auto |');
    expect(md).toContain('| benchmark | n | acc (ordered) | acc (shuffled) | temporal gap |');
    expect(md).toContain('| temporal | 96 | 0.4063 | 0.4479 | -0.04167 |');
    expect(md).toContain('eval/mean/acc: 0.3000 → 0.3500, difference +0.05000, 95% CI [+0.01000, +0.09000], n 576: **better**.');
    expect(md).toContain('![training curves](curves.png)');
  });

  it('reads rl_gain/* metrics when no gain object came, and has no gain section without either', () => {
    const fromMetrics = runMarkdown(
      { runId: 'r', cfg, history: [], eval: [], final: { 'rl_gain/diff': -0.02, 'rl_gain/ci_low': -0.06, 'rl_gain/ci_high': 0.02 } },
      false,
    );
    expect(fromMetrics).toMatch(/difference -0\.02000, 95% CI \[-0\.06000, \+0\.02000\]: \*\*inconclusive\*\*/);
    expect(fromMetrics).not.toMatch(/curves\.png/);
    expect(runMarkdown({ runId: 'r', cfg, history: [], eval: [], final: { loss: 1 } }, false)).not.toMatch(/RL gain/);
  });

  it('writes a PNG chart and report.md', async () => {
    const dir = tmp();
    expect(await writeRunReport(dir, { runId: 'r1', cfg, history, eval: [], final: {} })).toEqual(['curves.png', 'curves.svg', 'report.md']);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'curves.png')));
    const svg = fs.readFileSync(path.join(dir, 'curves.svg'), 'utf8');
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(png.width).toBe(2 * width); // rasterised at 2×
    expect(svg).toMatch(/brevity reward/);
  }, 60_000);
});

describe('the grid report', () => {
  // three α values, 3 seeds each; ci95 is the t half-width the grid summary computed
  const summary: ConfigSummary[] = [0.1, 0.3, 0.5].map((a, i) => ({
    config: `t-grpo alpha=${a}`,
    n: 3,
    failed: 0,
    mean: { 'eval/mean/acc': 0.3 + 0.02 * i, 'eval/temporal/acc': 0.4, 'eval/temporal/temporal_gap': 0.01 * i },
    std: {},
    ci95: { 'eval/mean/acc': 0.05, 'eval/temporal/acc': 0.03, 'eval/temporal/temporal_gap': 0.02 },
  }));
  const results = [0.1, 0.3, 0.5].flatMap((a) =>
    [0, 1, 2].map((seed) => ({ variant: 't-grpo', axes: { 'advantage.options.alpha': a }, seed, status: 'FINISHED' as const })),
  );
  const input = { name: 'alpha', axes: { 'advantage.options.alpha': [0.1, 0.3, 0.5] }, results, summary };

  it('bars: mean ± half-width per configuration and accuracy key, headline mean first', () => {
    expect(accuracyKeys(summary)).toEqual(['eval/mean/acc', 'eval/temporal/acc']);
    const bars = gridBars(summary);
    expect(bars).toHaveLength(6);
    expect(bars[1]).toEqual({ group: 'mean/acc', label: 't-grpo alpha=0.3', mean: 0.32, lo: 0.32 - 0.05, hi: 0.32 + 0.05 });
  });

  it('α sensitivity: one point per α (seeds rolled up), sorted by α', () => {
    expect(numericAxes(input.axes)).toEqual(['advantage.options.alpha']);
    expect(numericAxes({ 'advantage.name': ['grpo', 't-grpo'] })).toEqual([]);
    const pts = sweepPoints(input, 'advantage.options.alpha', 'eval/mean/acc');
    expect(pts.map((p) => [p.x, p.series, p.mean])).toEqual([
      [0.1, 't-grpo', 0.3],
      [0.3, 't-grpo', 0.3 + 0.02],
      [0.5, 't-grpo', 0.3 + 0.04],
    ]);
    expect(pts[2].lo).toBeCloseTo(0.29, 12);
  });

  it('comparison.md: one row per configuration with mean ± CI of accuracies and gaps', () => {
    const md = gridMarkdown(input, ['bars.png']).split('\n');
    expect(md).toContain('| config | seeds | failed | eval/mean/acc | eval/temporal/acc | eval/temporal/temporal_gap |');
    expect(md).toContain('| t-grpo alpha=0.5 | 3 | 0 | 0.3400 ± 0.05000 | 0.4000 ± 0.03000 | 0.02000 ± 0.02000 |');
    expect(md).toContain('![bars.png](bars.png)');
  });

  it('writes comparison.md, bars.png and sweep-alpha.png', async () => {
    const dir = tmp();
    const files = await writeGridReport(dir, input);
    expect(files).toEqual(['comparison.md', 'bars.png', 'bars.svg', 'sweep-alpha.png', 'sweep-alpha.svg']);
    for (const f of ['bars.png', 'sweep-alpha.png']) expect(PNG.sync.read(fs.readFileSync(path.join(dir, f))).width).toBeGreaterThan(100);
  }, 60_000);
});

describe('renderChart', () => {
  it('draws a Vega-Lite spec to SVG and a PNG twice its size', async () => {
    const { svg, png } = await renderChart({
      width: 100,
      height: 50,
      data: {
        values: [
          { x: 1, y: 2 },
          { x: 2, y: 3 },
        ],
      },
      mark: 'line',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
    expect(svg).toMatch(/^<svg/);
    const w = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(PNG.sync.read(png).width).toBe(2 * w);
  }, 60_000);
});
