import * as path from 'node:path';
import type { Argv } from 'yargs';
import { isUserError } from '../../errors';
import { defineCommand } from '../command';
import { loadProjectConfig } from '../../config/load';
import type { SyncReport, SyncRunReport } from '../../contracts/tracker-sync';
import { createRoot, createSyncTracker } from '../../root';

export type { SyncReport } from '../../contracts/tracker-sync';

interface Args {
  runs?: string[];
  dir: string;
  uri?: string;
  tracker: string;
  json?: boolean;
}

/** `videor1 sync [<run>...]`: push runs that never (fully) reached MLflow; exit 1 if any failed. */
export default defineCommand<Args>({
  command: 'sync [runs..]',
  describe: 'Push local runs that never reached MLflow, or reached it in part, without duplicating points',
  builder: (y: Argv) =>
    y
      .positional('runs', { type: 'string', array: true, describe: 'run ids (folder names); none: every run not complete in MLflow' })
      .option('dir', { type: 'string', default: 'runs', describe: 'local run store (an experiment output folder)' })
      .option('uri', { type: 'string', describe: 'tracking server (default: $MLFLOW_TRACKING_URI)' })
      .option('tracker', { type: 'string', default: 'mlflow', hidden: true, describe: 'tracker plugin that pushes' })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' }),
  async handler(args, ctx) {
    let report: SyncReport;
    try {
      const projectUri = (await loadProjectConfig(ctx.cwd)).tracking_uri;
      const { plugin, options } = await createSyncTracker(createRoot(ctx.registry), args.tracker, {
        dir: path.resolve(ctx.cwd, args.dir),
        uri: args.uri,
        projectUri,
      });
      report = await plugin.sync(options, { runs: args.runs ?? [] });
    } catch (e) {
      if (!isUserError(e)) throw e;
      ctx.err(`videor1: ${e.message}`);
      return 2;
    }
    if (args.json) ctx.out(JSON.stringify(report, null, 2));
    else printReport(report, ctx.out);
    return report.runs.some((r) => r.state === 'error') ? 1 : 0;
  },
});

function printReport(r: SyncReport, out: (t: string) => void): void {
  if (r.runs.length === 0) {
    out(`nothing to sync: every run in ${r.dir} is complete in ${r.uri}`);
    return;
  }
  out(`sync ${r.dir} -> ${r.uri}`);
  for (const run of r.runs) {
    const p = run.pushed;
    const sent = p ? ` (sent params ${p.params}, tags ${p.tags}, metrics ${p.metrics}, artifacts ${p.artifacts})` : '';
    const remote = run.remoteRunId ? ` -> ${run.remoteRunId}` : '';
    out(`  ${run.id}  ${run.name}  ${run.state}${remote}${sent}${run.note ? `: ${run.note}` : ''}`);
  }
  const count = (s: SyncRunReport['state']) => r.runs.filter((x) => x.state === s).length;
  out(`${r.runs.length} run(s): ${count('complete')} complete, ${count('partial')} partial, ${count('running')} running, ${count('error')} failed`);
}
