import * as path from 'node:path';
import type { Argv } from 'yargs';
import { resolveConfig } from '../../config/load';
import { resolvePlugins } from '../../config/plugins';
import { evalTable } from '../../stages/eval';
import { createRoot, withTrainJob } from '../../root';
import { defineCommand } from '../command';
import { readSavedTokenizer } from './train';

interface Args {
  experiment: string;
  checkpoint: string;
  set?: string[];
  json?: boolean;
}

/** `videor1 eval <experiment> --checkpoint DIR`: benchmarks with ordered and shuffled frames. */
export default defineCommand<Args>({
  command: 'eval <experiment>',
  describe: 'Evaluate a checkpoint on the benchmarks, with ordered and shuffled frames (tracked run)',
  builder: (y: Argv) =>
    y
      .positional('experiment', { type: 'string', describe: 'experiment YAML (data, policy and eval settings)' })
      .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint folder written by videor1 train' })
      .option('set', { type: 'string', array: true, describe: 'override: key.path=value (repeatable)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' }),
  async handler(args, ctx) {
    const sets = [...(args.set ?? []), 'sft.steps=0', 'rl.steps=0', 'eval.enabled=true'];
    const cfg = await resolvePlugins(await resolveConfig(args.experiment, sets, ctx.cwd), ctx.registry);
    const checkpoint = path.resolve(ctx.cwd, args.checkpoint);
    const options = {
      say: args.json ? () => undefined : (t: string) => ctx.err(t),
      warn: (t: string) => ctx.err(t),
      savedTokenizer: readSavedTokenizer(checkpoint),
    };
    const result = await withTrainJob(createRoot(ctx.registry), cfg, options, (job) =>
      job.run({ initFrom: checkpoint, runName: `eval-${path.basename(checkpoint)}` }),
    );
    if (args.json) ctx.out(JSON.stringify({ runId: result.runId, eval: result.eval, metrics: result.final }, null, 2));
    else ctx.out(evalTable(result.eval));
    return 0;
  },
});
