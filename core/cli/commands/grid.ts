import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Argv } from 'yargs';
import type { ExecutorDeps } from '../../contracts/executor';
import { UserError } from '../../errors';
import { cellView, planGrid } from '../../grid/cells';
import { runGrid, VIDEOR1 } from '../../grid/runner';
import { readGrid } from '../../grid/spec';
import { createExecutor, createResumeReaders, createRoot, createTracker } from '../../root';
import { defineCommand } from '../command';
import { fmt, printTable } from '../print';

interface Args {
  grid: string;
  set?: string[];
  only?: string[];
  dryRun?: boolean;
  parallel: number;
  executor?: string;
  executorOption?: string[];
  resume?: boolean;
  sharedColdStart: boolean;
  json?: boolean;
  quiet?: boolean;
  tracker?: string;
}

/**
 * `videor1 grid <ablation.yaml>`: plan every cell (variant × axes × seed, each identified by the
 * hash of its resolved config), then run them through an executor plugin (`local` worker
 * processes or a `slurm` job array) as children of one parent run, and roll the seeds up into
 * mean ± 95% CI per configuration.
 */
export default defineCommand<Args>({
  command: 'grid <grid>',
  describe: 'Run an ablation grid: a parent run with one child run per cell (variant x axes x seed)',
  builder: (y: Argv) =>
    y
      .positional('grid', { type: 'string', describe: 'ablation YAML file (ablations/*.yaml)' })
      .option('set', { type: 'string', array: true, describe: 'override for every cell: key.path=value' })
      .option('only', { type: 'string', array: true, describe: 'run only these variants' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'print the cells and their config hashes; run nothing' })
      .option('parallel', { type: 'number', default: 1, describe: 'cells at once (local workers, or the Slurm array cap)' })
      .option('executor', { type: 'string', describe: "executor plugin: local (default) or slurm; the grid file's executor: sets its options" })
      .option('executor-option', { type: 'string', array: true, describe: 'executor option key=value (e.g. partition=gpu, time=01:00:00)' })
      .option('resume', {
        type: 'boolean',
        default: false,
        describe:
          'skip cells that FINISHED with the same config hash (local store, and MLflow with the mlflow tracker); rerun those left RUNNING by a dead process',
      })
      .option('shared-cold-start', {
        type: 'boolean',
        default: true,
        describe: 'compute an SFT cold start once for cells with identical SFT inputs (--no-shared-cold-start: in every cell)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines' })
      .option('tracker', { type: 'string', choices: ['local', 'mlflow'], describe: 'where the parent and every cell are tracked (as --set tracker=…)' }),
  async handler(args, ctx) {
    const spec = readGrid(path.resolve(ctx.cwd, args.grid));
    const plan = await planGrid(spec, {
      sets: [...(args.set ?? []), ...(args.tracker ? [`tracker=${args.tracker}`] : [])],
      only: args.only,
      cwd: ctx.cwd,
      registry: ctx.registry,
    }); // every cell validated before any runs
    if (plan.cells.length === 0)
      throw new UserError('no cells to run', {
        file: spec.file,
        where: '--only',
        expected: `one of ${Object.keys(spec.variants).join(', ')}`,
        found: (args.only ?? []).join(', '),
      });
    if (!Number.isInteger(args.parallel) || args.parallel < 1)
      throw new UserError('--parallel must be a positive integer', { where: '--parallel', found: String(args.parallel) });
    if (args.dryRun) {
      if (args.json) ctx.out(JSON.stringify({ grid: spec.name, grid_id: plan.id, cells: plan.cells.map((c) => cellView(spec, c)) }, null, 2));
      else
        ctx.out(
          printTable(
            plan.cells.map((c) => [c.label, c.variant, String(c.seed), c.configHash]),
            ['cell', 'variant', 'seed', 'config_hash'],
          ),
        );
      return 0;
    }
    const say = args.quiet || args.json ? () => undefined : (t: string) => ctx.err(t);
    const base = plan.cells[0].cfg;
    const other = plan.cells.find((c) => JSON.stringify(c.cfg.tracker) !== JSON.stringify(base.tracker));
    if (other) {
      throw new UserError('the tracker is grid-wide: one parent run and its children go to one place', {
        file: spec.file,
        expected: "the same tracker in every cell (set it in the base experiment or the grid's set:)",
        found: `${JSON.stringify(base.tracker)} and ${JSON.stringify(other.cfg.tracker)}`,
      });
    }
    const root = createRoot(ctx.registry);
    const { tracker, ref } = await createTracker(root, base, spec.file);
    const dir = path.join(base.output, 'grids', plan.id);
    const deps: ExecutorDeps = { videor1: VIDEOR1, parallel: args.parallel, dir: path.join(dir, 'executor'), say };
    const executor = await createExecutor(root, executorRef(spec, args), deps, args.executor ? '--executor' : 'executor', spec.file);
    const storeDir = typeof ref.options.dir === 'string' ? ref.options.dir : base.output;
    const outcome = await runGrid({
      plan,
      executor,
      tracker,
      dir,
      cwd: ctx.cwd,
      say,
      sftCache: args.sharedColdStart ? path.join(base.output, 'cache', 'sft') : undefined,
      resume: args.resume ? { readers: await createResumeReaders(root, ref, storeDir, '--resume') } : undefined,
    });
    const failed = outcome.cells.filter((c) => c.status !== 'FINISHED').length;
    if (args.json) ctx.out(JSON.stringify(outcome, null, 2));
    else {
      const keys = [...new Set(outcome.summary.flatMap((c) => Object.keys(c.mean)))].filter((k) => /^eval\/.*\/(acc|temporal_gap|logp_drop)$/.test(k));
      ctx.out(
        printTable(
          outcome.summary.map((c) => [c.config, `${c.n}`, ...keys.map((k) => `${fmt(c.mean[k])} ± ${fmt(c.ci95[k])}`)]),
          ['config', 'seeds', ...keys],
        ),
      );
      ctx.out(
        `grid ${outcome.grid_id} (parent run ${outcome.parent_run_id}): ${outcome.cells.length - failed}/${outcome.cells.length} cells finished; wall ${fmt(outcome.wall_s)} s, cells' own time ${fmt(outcome.cells_s)} s`,
      );
    }
    return failed > 0 ? 1 : 0;
  },
});

/** The executor: `--executor` names it (default: the grid file's, else local); options from the grid file, then `--executor-option`. */
function executorRef(spec: ReturnType<typeof readGrid>, args: Args): { name: string; options: Record<string, unknown> } {
  const fromFile = spec.executor;
  const name = args.executor ?? fromFile?.name ?? 'local';
  const options: Record<string, unknown> = { ...(fromFile && fromFile.name === name ? fromFile.options : {}) };
  for (const kv of args.executorOption ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UserError('--executor-option takes key=value', { where: '--executor-option', found: JSON.stringify(kv) });
    options[kv.slice(0, eq)] = parseYaml(kv.slice(eq + 1)) as unknown;
  }
  return { name, options };
}
