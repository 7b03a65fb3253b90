import * as path from 'node:path';
import type { Argv } from 'yargs';
import type { CellExitRecord } from '../../contracts/executor';
import { isUserError, UserError } from '../../errors';
import { planGrid } from '../../grid/cells';
import { writeExitRecord } from '../../grid/exit-record';
import { writePidFile } from '../../grid/resume';
import { readGrid } from '../../grid/spec';
import { createRoot, createTracker, withTrainJob } from '../../root';
import { defineCommand } from '../command';

interface Args {
  grid: string;
  cell: string;
  parent: string;
  dir: string;
  gridId: string;
  sftCache?: string;
  set?: string[];
}

/**
 * `videor1 grid-cell`: one cell of a grid, in its own process (what executors start). The cell is
 * found again by its config hash in the grid file, so the process runs exactly the config that was
 * planned (a grid file changed since is refused). It ends with an exit record in `--dir`.
 */
export default defineCommand<Args>({
  command: 'grid-cell <grid>',
  describe: 'Run one cell of a grid and write its exit record (started by the grid executors)',
  builder: (y: Argv) =>
    y
      .positional('grid', { type: 'string' })
      .option('cell', { type: 'string', demandOption: true, describe: 'config hash of the cell' })
      .option('parent', { type: 'string', demandOption: true, describe: "the grid's parent run id" })
      .option('dir', { type: 'string', demandOption: true, describe: 'folder for the exit record' })
      .option('grid-id', { type: 'string', demandOption: true })
      .option('sft-cache', { type: 'string', describe: 'shared SFT cold-start cache folder' })
      .option('set', { type: 'string', array: true }),
  async handler(args, ctx) {
    const t0 = Date.now();
    const dir = path.resolve(ctx.cwd, args.dir);
    let runId: string | undefined;
    const record = (r: Omit<CellExitRecord, 'config_hash' | 'seconds' | 'run_id'>) =>
      writeExitRecord(dir, { ...r, config_hash: args.cell, ...(runId ? { run_id: runId } : {}), seconds: (Date.now() - t0) / 1000 });
    // SIGTERM/SIGINT (Ctrl-C, scancel, a Slurm time limit): the run ends KILLED and the process exits
    const onExit = () => record({ status: 'KILLED', metrics: {}, error: 'stopped by a signal' });
    process.once('exit', onExit);
    writePidFile(dir);
    try {
      const spec = readGrid(path.resolve(ctx.cwd, args.grid));
      const plan = await planGrid(spec, { sets: args.set ?? [], cwd: ctx.cwd, registry: ctx.registry });
      const cell = plan.cells.find((c) => c.configHash === args.cell);
      if (!cell)
        throw new UserError(`no cell with config hash ${args.cell} in this grid`, {
          file: spec.file,
          expected: 'the grid file as it was when the grid was started',
          found: `cells ${plan.cells.map((c) => c.configHash).join(', ')}`,
        });
      const root = createRoot(ctx.registry);
      const { tracker } = await createTracker(root, cell.cfg, spec.file);
      const startRun = tracker.startRun.bind(tracker);
      tracker.startRun = async (o) => (runId = await startRun(o)); // the exit record names the run
      const tags = {
        'ablation.grid': spec.name,
        'ablation.grid_id': args.gridId,
        'ablation.variant': cell.variant,
        'ablation.baseline': String(cell.variant === (spec.baseline ?? Object.keys(spec.variants)[0])),
      };
      const say = (t: string) => ctx.err(t);
      const r = await withTrainJob(root, cell.cfg, { say, warn: say, tracker }, (job) =>
        job.run({ parentRunId: args.parent, tags, runName: cell.label, sftCache: args.sftCache }),
      );
      await tracker.flush();
      process.off('exit', onExit);
      record({ status: 'FINISHED', metrics: r.final });
      return 0;
    } catch (e) {
      process.off('exit', onExit);
      const message = e instanceof Error ? e.message : String(e);
      record({ status: 'FAILED', metrics: {}, error: message.split('\n')[0].slice(0, 2000) });
      if (isUserError(e)) throw e;
      ctx.err(`grid-cell ${args.cell}: ${message}`);
      return 1;
    }
  },
});
