import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import type { Tracker } from '../../contracts/tracker';
import { flattenConfig } from '../../config/flatten';
import { layer, type Layered, mergeLayers, overrideLayer } from '../../config/layers';
import { loadProjectConfig, readExperimentLayers, validateLayered } from '../../config/load';
import { resolvePlugins } from '../../config/plugins';
import type { ProjectConfig, ResolvedConfig } from '../../config/schema';
import { isUserError, UserError } from '../../errors';
import { expandGrid, readGrid, type GridCell, type GridSpec } from '../../grid/spec';
import { type CellResult, summarise } from '../../grid/summary';
import { createRoot, trackerRef, withTrainJob } from '../../root';
import { withTrackedRun } from '../../tracking/run-lifecycle';
import type { CliContext } from '../command';
import { defineCommand } from '../command';
import { fmt, printTable } from '../print';

interface Args {
  grid: string;
  set?: string[];
  only?: string[];
  json?: boolean;
  quiet?: boolean;
}

/**
 * `videor1 grid <ablation.yaml>`: run every cell (variant × axes × seed) as a child run of one
 * parent run (mlflow.md §4: parent per grid, child per cell, seeds as replicates), then roll the
 * seeds up into mean ± 95% CI per configuration, logged on the parent.
 */
export default defineCommand<Args>({
  command: 'grid <grid>',
  describe: 'Run an ablation grid: a parent run with one child run per cell (variant x axes x seed)',
  builder: (y: Argv) =>
    y
      .positional('grid', { type: 'string', describe: 'ablation YAML file (ablations/*.yaml)' })
      .option('set', { type: 'string', array: true, describe: 'override for every cell: key.path=value' })
      .option('only', { type: 'string', array: true, describe: 'run only these variants' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines' }),
  async handler(args, ctx) {
    const spec = readGrid(path.resolve(ctx.cwd, args.grid));
    const cells = expandGrid(spec).filter((c) => !args.only || args.only.includes(c.variant));
    const say = args.quiet || args.json ? () => undefined : (t: string) => ctx.err(t);
    const configs: ResolvedConfig[] = [];
    const baseExperiment = { layers: readExperimentLayers(spec.baseFile), project: await loadProjectConfig(ctx.cwd) }; // read once, shared by every cell
    for (const cell of cells) configs.push(await cellConfig(spec, baseExperiment, cell, args.set ?? [], ctx)); // validate every cell before running any
    const root = createRoot(ctx.registry);
    const base = configs[0];
    const tracker = await ctx.registry.create<Tracker, unknown>('tracker', await trackerRef(ctx.registry, base), {}, 'tracker', spec.file);
    const cellTracker = configs.find((c) => JSON.stringify(c.tracker) !== JSON.stringify(base.tracker));
    if (cellTracker) {
      throw new UserError('the tracker is grid-wide: one parent run and its children go to one place', { file: spec.file, expected: 'the same tracker in every cell (set it in the base experiment or the grid\'s set:)', found: `${JSON.stringify(base.tracker)} and ${JSON.stringify(cellTracker.tracker)}` });
    }
    const parentTags = {
      'ablation.grid': spec.name,
      'ablation.axes': Object.keys(spec.axes).join(',') || 'variant',
      'mlflow.note.content': noteOf(spec, cells),
    };
    const results: CellResult[] = [];
    const summary = await withTrackedRun(tracker, { experiment: spec.name, runName: `ablate-${spec.name}-${stamp()}`, tags: parentTags }, async (parentId) => {
      await tracker.logParams(parentId, Object.fromEntries(flattenConfig(baseExperiment.layers.doc).map(([k, v]) => [`base.${k}`, v])));
      for (const [i, cell] of cells.entries()) {
        say(`grid ${spec.name}: cell ${i + 1}/${cells.length}: ${cell.label}`);
        results.push(await runCell(root, configs[i], cell, spec, parentId, say, tracker, (t) => ctx.err(t)));
      }
      const s = summarise(results);
      const metrics: Record<string, number> = { failed_cells: results.filter((r) => r.status === 'FAILED').length, cells: results.length };
      for (const c of s) for (const [k, v] of Object.entries(c.mean)) if (k.startsWith('eval/')) metrics[`variants/${c.config.replace(/[^A-Za-z0-9_\-./ ]/g, '_')}/${k}`] = v;
      await tracker.logMetrics(parentId, 0, metrics);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-'));
      fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify({ grid: spec, results, summary: s }, null, 2));
      await tracker.logArtifact(parentId, dir, 'grid');
      fs.rmSync(dir, { recursive: true, force: true });
      if (metrics.failed_cells > 0) throw new GridCellsFailed(metrics.failed_cells, s);
      return s;
    }).catch((e) => {
      if (e instanceof GridCellsFailed) return e.summary;
      throw e;
    });
    await tracker.flush();
    const failed = results.filter((r) => r.status === 'FAILED').length;
    if (args.json) ctx.out(JSON.stringify({ grid: spec.name, cells: results, summary }, null, 2));
    else {
      const keys = [...new Set(summary.flatMap((c) => Object.keys(c.mean)))].filter((k) => /^eval\/.*\/(acc|temporal_gap)$/.test(k));
      ctx.out(printTable(summary.map((c) => [c.config, `${c.n}`, ...keys.map((k) => `${fmt(c.mean[k])} ± ${fmt(c.ci95[k])}`)]), ['config', 'seeds', ...keys]));
    }
    return failed > 0 ? 1 : 0;
  },
});

class GridCellsFailed extends Error {
  constructor(
    readonly count: number,
    readonly summary: ReturnType<typeof summarise>,
  ) {
    super(`${count} grid cell(s) failed`);
  }
}

/** Base experiment ⊕ variant ⊕ grid-wide sets ⊕ command-line sets ⊕ the cell's axes and seed. */
async function cellConfig(spec: GridSpec, base: { layers: Layered; project: ProjectConfig }, cell: GridCell, sets: readonly string[], ctx: CliContext): Promise<ResolvedConfig> {
  const grid = { file: spec.file };
  let l = mergeLayers(base.layers, layer(spec.variants[cell.variant], { ...grid, where: `variants.${cell.variant}` }));
  l = overrideLayer(l, spec.set, (set) => ({ ...grid, where: `set: ${set}` }));
  l = overrideLayer(l, sets, (set) => ({ ...grid, where: `--set ${set}` }));
  l = overrideLayer(l, [...cell.sets, `name=${spec.name}`], (set) => ({ ...grid, where: `cell ${cell.label}: ${set}` }));
  const cfg = validateLayered(l, spec.baseFile, base.project);
  return resolvePlugins({ ...cfg, output: path.resolve(ctx.cwd, cfg.output) }, ctx.registry);
}

/**
 * One cell in its own child container; a failing cell is recorded FAILED and the grid goes on.
 * The parent's tracker serves every cell, so children reach the server after their parent.
 */
async function runCell(root: ReturnType<typeof createRoot>, cfg: ResolvedConfig, cell: GridCell, spec: GridSpec, parentRunId: string, say: (t: string) => void, tracker: Tracker, warn: (t: string) => void): Promise<CellResult> {
  const tags = { 'ablation.grid': spec.name, 'ablation.variant': cell.variant, 'ablation.baseline': String(cell.variant === (spec.baseline ?? Object.keys(spec.variants)[0])) };
  try {
    const r = await withTrainJob(root, cfg, { say, warn, tracker }, (job) => job.run({ parentRunId, tags, runName: cell.label }));
    return { variant: cell.variant, axes: cell.axes, seed: cell.seed, status: 'FINISHED', metrics: r.final };
  } catch (e) {
    if (isUserError(e)) throw e;
    say(`grid ${spec.name}: cell ${cell.label} failed: ${(e as Error).message}`);
    return { variant: cell.variant, axes: cell.axes, seed: cell.seed, status: 'FAILED', metrics: {} };
  }
}

function noteOf(spec: GridSpec, cells: readonly GridCell[]): string {
  const rows = Object.entries(spec.variants).map(([v, o]) => `| ${v} | \`${JSON.stringify(o)}\` |`);
  return [`**${spec.name}**: ${spec.description}`, '', `${cells.length} cells; seeds ${spec.seeds.join(', ')}; axes ${JSON.stringify(spec.axes)}`, '', '| variant | overrides |', '|---|---|', ...rows].join('\n');
}

function stamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}
