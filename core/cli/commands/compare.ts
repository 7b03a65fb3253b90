import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import type { StoredRun } from '../../contracts/tracker';
import { didYouMean } from '../../config/known-keys';
import { UserError } from '../../errors';
import { barChart, lineChart } from '../../compare/charts';
import { canonicalJson, sha256 } from '../../grid/hash';
import { lastValues } from '../../grid/last-values';
import { selectRuns } from '../../grid/select-runs';
import { type Row, type RunPoint, verdictsOf } from '../../grid/verdicts';
import { createRoot, createRunReader } from '../../root';
import { defineCommand } from '../command';
import { fmt, printTable } from '../print';

interface Args {
  runs?: string[];
  dir: string;
  grid?: string;
  metric?: string[];
  baseline?: string;
  plot?: string;
  json?: boolean;
}

/**
 * `videor1 compare`: runs side by side from the local store. Runs are rows by variant and config
 * (config hash without the seed), never by run name; seeds roll up into mean ± 95% CI. A grid's
 * variants get paired verdicts against its baseline (variant − baseline by seed, 95% t interval).
 */
export default defineCommand<Args>({
  command: 'compare [runs..]',
  describe: 'Compare runs (or the cells of a grid) as tables with paired verdicts against the baseline, and as SVG plots',
  builder: (y: Argv) =>
    y
      .positional('runs', { type: 'string', array: true, describe: 'run ids; none: the latest grid, else every run' })
      .option('dir', { type: 'string', default: 'runs', describe: 'local run store (the output folder)' })
      .option('grid', { type: 'string', describe: "a grid id, a grid's parent run id, or 'latest'" })
      .option('metric', { type: 'string', array: true, describe: 'metric keys to compare (default: eval accuracies and temporal gaps)' })
      .option('baseline', { type: 'string', describe: "the variant others are compared with (default: the grid's baseline)" })
      .option('plot', { type: 'string', describe: 'write SVG charts to this path (bars: first metric; lines: reward over steps)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  async handler(args, ctx) {
    const dir = path.resolve(ctx.cwd, args.dir);
    const { runs, grid } = await selectRuns(await createRunReader(createRoot(ctx.registry), dir), { runs: args.runs, grid: args.grid, dir });
    if (runs.length === 0) throw new UserError('no runs to compare', { file: dir, expected: 'runs written by videor1 train or grid' });
    const last = runs.map(lastValues);
    const known = [...new Set(last.flatMap((m) => Object.keys(m)))].sort();
    for (const k of args.metric ?? []) {
      if (!known.includes(k)) {
        const hint = didYouMean(k, known);
        throw new UserError(`unknown metric '${k}'${hint ? ` (did you mean "${hint}"?)` : ''}`, {
          where: '--metric',
          expected: `a metric these runs logged: ${known
            .filter((m) => !m.includes('/') || m.startsWith('eval/'))
            .slice(0, 12)
            .join(', ')}, …`,
          found: JSON.stringify(k),
        });
      }
    }
    const keys = args.metric ?? known.filter((k) => /^eval\/.*\/(acc|temporal_gap)$/.test(k));
    const points: RunPoint[] = runs
      .map((r, i) => ({
        id: r.id,
        variant: r.tags['ablation.variant'] ?? r.experiment,
        configKey: r.tags['videor1.config_key'] ?? paramsKey(r),
        seed: Number(r.params.seed ?? r.tags['videor1.seed'] ?? 0),
        metrics: last[i],
        baseline: r.tags['ablation.baseline'] === 'true',
      }))
      .filter((_, i) => runs[i].status === 'FINISHED');
    const baseline = args.baseline ?? points.find((p) => p.baseline)?.variant;
    if (args.baseline && !points.some((p) => p.variant === args.baseline)) {
      throw new UserError(`unknown baseline '${args.baseline}'`, {
        where: '--baseline',
        expected: `one of ${[...new Set(points.map((p) => p.variant))].join(', ')}`,
        found: JSON.stringify(args.baseline),
      });
    }
    const { rows, verdicts } = verdictsOf(points, baseline ?? '', keys);
    if (args.plot) await writePlot(args.plot, ctx.cwd, keys[0] ?? 'reward', rows, runs);
    if (args.json) {
      ctx.out(
        JSON.stringify(
          {
            ...(grid ? { grid } : {}),
            baseline: baseline ?? null,
            runs: runs.map((r, i) => ({ id: r.id, name: r.name, status: r.status, metrics: pick(last[i], keys) })),
            rows,
            verdicts,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    ctx.out(
      printTable(
        runs.map((r, i) => [r.id, r.name, r.status, ...keys.map((k) => fmt(last[i][k]))]),
        ['run', 'name', 'status', ...keys],
      ),
    );
    ctx.out('');
    ctx.out(
      printTable(
        rows.map((row) => [
          labelOf(row, rows),
          String(row.seeds),
          ...keys.map((k) =>
            row.metrics[k] ? `${fmt(row.metrics[k].mean)} ± ${row.metrics[k].ci95 ? fmt((row.metrics[k].ci95![1] - row.metrics[k].ci95![0]) / 2) : '—'}` : '',
          ),
        ]),
        ['config', 'seeds', ...keys.map((k) => `${k} (mean ± 95% CI)`)],
      ),
    );
    if (verdicts.length > 0) {
      ctx.out('');
      ctx.out(`paired by seed against the baseline '${baseline}' (variant − baseline, 95% t interval):`);
      const label = (v: (typeof verdicts)[number]) =>
        labelOf(
          rows.find((r) => r.variant === v.variant && r.config_key === v.config_key)!,
          rows,
        );
      ctx.out(
        printTable(
          verdicts.map((v) => [label(v), v.metric, fmt(v.diff), v.ci95 ? `[${fmt(v.ci95[0])}, ${fmt(v.ci95[1])}]` : '—', v.verdict, String(v.seeds)]),
          ['variant', 'metric', 'diff', '95% CI', 'verdict', 'seeds'],
        ),
      );
    }
    if (args.plot) ctx.err(`wrote ${path.resolve(ctx.cwd, args.plot)}`);
    return 0;
  },
});

/** Runs from before config keys were tagged: their params without the seed and the labels. */
function paramsKey(r: StoredRun): string {
  const kept = Object.entries(r.params).filter(([k]) => !/^(seed|name|description|source|output|project|tracker|plugins)(\.|$)/.test(k));
  return sha256(canonicalJson(Object.fromEntries(kept))).slice(0, 16);
}

/** A row's variant, with its config key when two rows share the variant name. */
function labelOf(row: Row, rows: readonly Row[]): string {
  return rows.filter((r) => r.variant === row.variant).length > 1 ? `${row.variant} [${row.config_key.slice(0, 8)}]` : row.variant;
}

function pick(m: Record<string, number>, keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.filter((k) => k in m).map((k) => [k, m[k]]));
}

async function writePlot(file: string, cwd: string, metric: string, rows: readonly Row[], runs: readonly StoredRun[]): Promise<void> {
  const bars = await barChart(
    `${metric} (mean ± 95% CI over seeds)`,
    rows
      .filter((r) => metric in r.metrics)
      .map((r) => ({
        label: labelOf(r, rows),
        value: r.metrics[metric].mean,
        err: r.metrics[metric].ci95 ? (r.metrics[metric].ci95![1] - r.metrics[metric].ci95![0]) / 2 : 0,
      })),
  );
  const series = runs
    .map((r) => ({ label: r.name, points: r.metrics.filter((p) => p.key === 'reward').map((p) => [p.step, p.value] as [number, number]) }))
    .filter((s) => s.points.length > 0);
  const abs = path.resolve(cwd, file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, bars);
  if (series.length > 0) fs.writeFileSync(abs.replace(/(\.svg)?$/i, '-reward.svg'), await lineChart('reward over RL steps', series));
}
