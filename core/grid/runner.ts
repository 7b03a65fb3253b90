/**
 * Run a planned grid (docs/mlflow.md §4: one parent run per grid, one child per cell, seeds as
 * replicates): the parent run is started here, each cell runs in its own process through an
 * executor, and the seeds are rolled up into mean ± 95% CI per configuration on the parent.
 * Ctrl-C cancels the executor first (its cells end KILLED), then ends the parent KILLED.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CellJob, CellUpdate, Executor } from '../contracts/executor';
import type { RunReader, Tracker } from '../contracts/tracker';
import { flattenConfig } from '../config/flatten';
import { sanitizeKey } from '../tracking/keys';
import { withTrackedRun, type ProcessHooks } from '../tracking/run-lifecycle';
import type { GridPlan, PlannedCell } from './cells';
import { clearExitRecord } from './exit-record';
import { findResumable, type Resumed } from './resume';
import { type CellResult, type ConfigSummary, summarise } from './summary';
import { writeGridReport } from '../report/grid-report';

/** The videor1 executable this process runs from: each cell's process starts it again. */
export const VIDEOR1 = [process.execPath, path.resolve(__dirname, '..', '..', 'bin', 'videor1.js')];

export interface GridCellOutcome extends CellResult {
  name: string;
  config_hash: string;
  run_id?: string;
  error?: string;
  /** FINISHED in an earlier run of this grid (--resume) and not run again. */
  resumed?: boolean;
  /** The cell process's wall time (its exit record). */
  seconds?: number;
  /** Times Slurm ran it again after a preemption or time-out. */
  requeues?: number;
}

export interface GridOutcome {
  grid: string;
  grid_id: string;
  parent_run_id: string;
  cells: GridCellOutcome[];
  summary: ConfigSummary[];
  wall_s: number;
  /** Sum of the cells' own wall times (their exit records). */
  cells_s: number;
}

export interface RunGridOptions {
  plan: GridPlan;
  executor: Executor;
  tracker: Tracker;
  /** Folder holding the grid's cell folders: `<output>/grids/<grid id>`. */
  dir: string;
  /** Shared SFT cold-start cache folder, or undefined to compute it in every cell. */
  sftCache?: string;
  /** --resume: the stores to look for finished cells in, the local one first (./resume.ts). */
  resume?: { readers: RunReader[] };
  cwd: string;
  say: (t: string) => void;
  proc?: Pick<ProcessHooks, 'on' | 'off' | 'exit'>;
}

export function cellDir(gridDir: string, hash: string): string {
  return path.join(gridDir, 'cells', hash);
}

export async function runGrid(o: RunGridOptions): Promise<GridOutcome> {
  const { plan, executor, tracker, say } = o;
  const t0 = Date.now();
  const dirs = new Map(plan.cells.map((c) => [c.configHash, cellDir(o.dir, c.configHash)]));
  const resumed: Resumed = o.resume ? await findResumable(o.resume.readers, tracker, plan.id, dirs) : { finished: new Map(), killed: [] };
  if (o.resume)
    say(
      `grid ${plan.spec.name}: resuming ${plan.id}: ${resumed.finished.size} of ${plan.cells.length} cells finished earlier${resumed.killed.length ? `; ${resumed.killed.length} run(s) left RUNNING by a dead process marked KILLED` : ''}`,
    );
  const parentTags = {
    'ablation.grid': plan.spec.name,
    'ablation.grid_id': plan.id,
    'ablation.axes': Object.keys(plan.spec.axes).join(',') || 'variant',
    'ablation.executor': executor.name,
    'mlflow.note.content': noteOf(plan),
  };
  let watching: Promise<CellUpdate[]> | undefined;
  const proc = o.proc ?? process;
  const listeners = new Map<() => void, () => void>();
  let stopping = false;
  const hooks: ProcessHooks = {
    on: (signal, listener) => {
      const wrapped = () => {
        if (stopping) return listener();
        stopping = true;
        say(`grid ${plan.spec.name}: ${signal}: stopping the cells`);
        void executor
          .cancel()
          .then(() => watching)
          .catch(() => undefined)
          .finally(listener);
      };
      listeners.set(listener, wrapped);
      return proc.on(signal, wrapped);
    },
    off: (signal, listener) => proc.off(signal, listeners.get(listener) ?? listener),
    exit: (code) => proc.exit(code),
  };
  const results: GridCellOutcome[] = [];
  const parentId = await withTrackedRun(
    tracker,
    { experiment: plan.spec.name, runName: `ablate-${plan.spec.name}-${stamp()}`, tags: parentTags },
    async (id) => {
      await tracker.logParams(id, Object.fromEntries(flattenConfig(plan.spec.variants).map(([k, v]) => [`variants.${k}`, v])));
      await tracker.flush(); // the parent reaches MLflow before any child looks it up
      const todo = plan.cells.filter((c) => !resumed.finished.has(c.configHash));
      const jobs = todo.map((c) => jobOf(c, plan, id, dirs.get(c.configHash)!, o));
      for (const j of jobs) clearExitRecord(j.dir);
      const byId = new Map(plan.cells.map((c) => [c.configHash, c]));
      let done = 0;
      if (jobs.length > 0) {
        await executor.submit(jobs);
        watching = executor.watch((u) => {
          const c = byId.get(u.id)!;
          if (u.state === 'RUNNING') say(`grid ${plan.spec.name}: ${c.label} running`);
          if (['FINISHED', 'FAILED', 'KILLED'].includes(u.state))
            say(`grid ${plan.spec.name}: ${c.label} ${u.state} (${++done}/${jobs.length})${u.error && u.state !== 'FINISHED' ? `: ${u.error}` : ''}`);
        });
      }
      const updates = new Map((await (watching ?? Promise.resolve([]))).map((u) => [u.id, u]));
      for (const c of plan.cells) {
        const base = { name: c.label, variant: c.variant, axes: c.axes, seed: c.seed, config_hash: c.configHash };
        const old = resumed.finished.get(c.configHash);
        if (old) results.push({ ...base, status: 'FINISHED', run_id: old.runId, metrics: old.metrics, resumed: true });
        else {
          const u = updates.get(c.configHash);
          const status = u?.state === 'FINISHED' || u?.state === 'FAILED' ? u.state : 'KILLED';
          results.push({
            ...base,
            status,
            ...(u?.record?.run_id ? { run_id: u.record.run_id } : {}),
            metrics: status === 'FINISHED' ? (u?.record?.metrics ?? {}) : {},
            ...(u?.error ? { error: u.error } : {}),
            ...(u?.record ? { seconds: u.record.seconds } : {}),
            ...(u?.requeues ? { requeues: u.requeues } : {}),
          });
        }
      }
      const s = summarise(results);
      const metrics: Record<string, number> = { failed_cells: results.filter((r) => r.status !== 'FINISHED').length, cells: results.length };
      for (const c of s) for (const [k, v] of Object.entries(c.mean)) if (k.startsWith('eval/')) metrics[sanitizeKey(`variants/${c.config}/${k}`)] = v;
      await tracker.logMetrics(id, 0, metrics);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-'));
      fs.writeFileSync(path.join(tmp, 'summary.json'), JSON.stringify({ grid: plan.spec, grid_id: plan.id, results, summary: s }, null, 2));
      await writeGridReport(tmp, { name: plan.spec.name, description: plan.spec.description, axes: plan.spec.axes, results, summary: s }); // comparison.md, bars.png, sweep-<axis>.png
      await tracker.logArtifact(id, tmp, 'grid');
      fs.rmSync(tmp, { recursive: true, force: true });
      // a grid with failed cells still summarises the others; its parent ends FAILED
      if (metrics.failed_cells > 0) throw new CellsFailed(id, metrics.failed_cells);
      return id;
    },
    hooks,
  ).catch((e) => {
    if (e instanceof CellsFailed) return e.parentId;
    throw e;
  });
  await tracker.flush();
  const cellsS = results.reduce((a, r) => a + (r.seconds ?? 0), 0);
  return {
    grid: plan.spec.name,
    grid_id: plan.id,
    parent_run_id: parentId,
    cells: results,
    summary: summarise(results),
    wall_s: (Date.now() - t0) / 1000,
    cells_s: cellsS,
  };
}

class CellsFailed extends Error {
  constructor(
    readonly parentId: string,
    count: number,
  ) {
    super(`${count} grid cell(s) did not finish`);
  }
}

function jobOf(c: PlannedCell, plan: GridPlan, parentId: string, dir: string, o: RunGridOptions): CellJob {
  const argv = [
    'grid-cell',
    plan.spec.file,
    '--cell',
    c.configHash,
    '--parent',
    parentId,
    '--grid-id',
    plan.id,
    '--dir',
    dir,
    ...(o.sftCache ? ['--sft-cache', o.sftCache] : []),
    ...plan.sets.flatMap((s) => ['--set', s]),
  ];
  return { id: c.configHash, label: c.label, argv, cwd: o.cwd, dir };
}

function noteOf(plan: GridPlan): string {
  const { spec } = plan;
  const rows = Object.entries(spec.variants).map(([v, o]) => `| ${v} | \`${JSON.stringify(o)}\` |`);
  return [
    `**${spec.name}**: ${spec.description}`,
    '',
    `${plan.cells.length} cells (grid ${plan.id}); seeds ${spec.seeds.join(', ')}; axes ${JSON.stringify(spec.axes)}`,
    '',
    '| variant | overrides |',
    '|---|---|',
    ...rows,
  ].join('\n');
}

function stamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}
