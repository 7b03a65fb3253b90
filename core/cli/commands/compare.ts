import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import type { PluginMeta } from '../../contracts/plugin';
import type { RunReader, RunReaderCapability, StoredRun } from '../../contracts/tracker';
import { UserError } from '../../errors';
import type { PluginRegistry } from '../../registry/registry';
import { barChart, lineChart } from '../../compare/svg';
import { summarise, type CellResult } from '../../grid/summary';
import { defineCommand } from '../command';
import { fmt, printTable } from '../print';

interface Args {
  runs?: string[];
  dir: string;
  grid?: string;
  metric?: string[];
  plot?: string;
  json?: boolean;
}

/**
 * `videor1 compare`: runs side by side from the local store. A grid (parent run) compares its
 * children, with seeds rolled up into mean ± 95% CI per variant; `--plot` writes SVG charts.
 */
export default defineCommand<Args>({
  command: 'compare [runs..]',
  describe: 'Compare runs (or the children of a grid run) as a table, and as SVG plots with --plot',
  builder: (y: Argv) =>
    y
      .positional('runs', { type: 'string', array: true, describe: 'run ids; none: the latest grid, else every run' })
      .option('dir', { type: 'string', default: 'runs', describe: 'local run store (the output folder)' })
      .option('grid', { type: 'string', describe: "a grid's parent run id, or 'latest'" })
      .option('metric', { type: 'string', array: true, describe: 'metric keys to show (default: eval accuracies and temporal gaps)' })
      .option('plot', { type: 'string', describe: 'write SVG charts to this path (bars: first metric; lines: reward over steps)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  async handler(args, ctx) {
    const reader = await localReader(ctx.registry, path.resolve(ctx.cwd, args.dir));
    const runs = await selectRuns(reader, args);
    if (runs.length === 0) throw new UserError('no runs to compare', { file: path.resolve(ctx.cwd, args.dir), expected: 'runs written by videor1 train or grid' });
    const last = runs.map(lastValues);
    const keys = args.metric ?? [...new Set(last.flatMap((m) => Object.keys(m)))].filter((k) => /^eval\/.*\/(acc|temporal_gap)$/.test(k)).sort();
    const cells: CellResult[] = runs.map((r, i) => ({ variant: r.tags['ablation.variant'] ?? r.name, axes: {}, seed: Number(r.params.seed ?? 0), status: r.status === 'FINISHED' ? 'FINISHED' : 'FAILED', metrics: last[i] }));
    const summary = summarise(cells);
    if (args.plot) writePlot(args.plot, ctx.cwd, keys[0] ?? 'reward', summary, runs);
    if (args.json) {
      ctx.out(JSON.stringify({ runs: runs.map((r, i) => ({ id: r.id, name: r.name, status: r.status, metrics: pick(last[i], keys) })), summary }, null, 2));
      return 0;
    }
    ctx.out(printTable(runs.map((r, i) => [r.id, r.name, r.status, ...keys.map((k) => fmt(last[i][k]))]), ['run', 'name', 'status', ...keys]));
    if (summary.some((s) => s.n > 1)) {
      ctx.out('');
      ctx.out(printTable(summary.map((s) => [s.config, String(s.n), ...keys.map((k) => `${fmt(s.mean[k])} ± ${fmt(s.ci95[k])}`)]), ['config', 'seeds', ...keys.map((k) => `${k} (mean ± 95% CI)`)]));
    }
    if (args.plot) ctx.err(`wrote ${path.resolve(ctx.cwd, args.plot)}`);
    return 0;
  },
});

async function localReader(registry: PluginRegistry, dir: string): Promise<RunReader> {
  const plugin = await registry.load<PluginMeta & Partial<RunReaderCapability>>('tracker', 'local', 'compare');
  if (typeof plugin.reader !== 'function') throw new UserError("the 'local' tracker cannot read runs back", { expected: 'a tracker plugin with a reader' });
  return plugin.reader(registry.parseOptions(plugin, { dir }, 'compare'));
}

async function selectRuns(reader: RunReader, args: Args): Promise<StoredRun[]> {
  const all = await reader.list();
  if (args.runs && args.runs.length > 0) return Promise.all(args.runs.map((id) => reader.read(id)));
  const parents = all.filter((r) => all.some((c) => c.parentId === r.id));
  const parent = args.grid === undefined || args.grid === 'latest' ? parents[parents.length - 1] : parents.find((p) => p.id === args.grid);
  if (args.grid && args.grid !== 'latest' && !parent) throw new UserError(`no grid run '${args.grid}'`, { expected: `one of ${parents.map((p) => p.id).join(', ') || '(no grids yet)'}` });
  const chosen = parent ? all.filter((r) => r.parentId === parent.id) : all.filter((r) => !parents.includes(r));
  return Promise.all(chosen.map((r) => reader.read(r.id)));
}

/** The value at the highest step of every metric (what MLflow's table shows). */
function lastValues(run: StoredRun): Record<string, number> {
  const out: Record<string, { step: number; value: number }> = {};
  for (const p of run.metrics) if (!out[p.key] || p.step >= out[p.key].step) out[p.key] = { step: p.step, value: p.value };
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
}

function pick(m: Record<string, number>, keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.filter((k) => k in m).map((k) => [k, m[k]]));
}

function writePlot(file: string, cwd: string, metric: string, summary: ReturnType<typeof summarise>, runs: readonly StoredRun[]): void {
  const bars = barChart(`${metric} (mean ± 95% CI over seeds)`, summary.filter((s) => metric in s.mean).map((s) => ({ label: s.config, value: s.mean[metric], err: s.ci95[metric] })));
  const series = runs.map((r) => ({ label: r.name, points: r.metrics.filter((p) => p.key === 'reward').map((p) => [p.step, p.value] as [number, number]) })).filter((s) => s.points.length > 0);
  const abs = path.resolve(cwd, file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, bars);
  if (series.length > 0) fs.writeFileSync(abs.replace(/(\.svg)?$/i, '-reward.svg'), lineChart('reward over RL steps', series));
}
