import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import { UserError } from '../../errors';
import { resolveConfig } from '../../config/load';
import { resolvePlugins } from '../../config/plugins';
import { rlGainLine } from '../../jobs/rl-gain';
import { evalTable } from '../../stages/eval';
import { createRoot, withTrainJob } from '../../root';
import { defineCommand } from '../command';
import { progressBars } from '../progress';

interface Args {
  experiment: string;
  set?: string[];
  backend?: string;
  json?: boolean;
  quiet?: boolean;
  init?: string;
  resume?: string;
  tracker?: string;
}

/** `videor1 train <experiment>`: SFT cold start, RL, evaluation and a checkpoint, tracked as one run. */
export default defineCommand<Args>({
  command: 'train <experiment>',
  describe: 'Train a policy: SFT cold start, RL (GRPO / T-GRPO), evaluation; tracked as one run',
  builder: (y: Argv) =>
    y
      .positional('experiment', { type: 'string', describe: 'experiment YAML file' })
      .option('set', { type: 'string', array: true, describe: 'override: key.path=value (repeatable)' })
      .option('backend', { type: 'string', choices: ['auto', 'tensorflow', 'wasm', 'cpu'], describe: 'force a tfjs backend' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines' })
      .option('tracker', {
        type: 'string',
        choices: ['local', 'mlflow'],
        describe: "where the run is tracked (TRL's report_to): local store, or also MLflow (MLFLOW_TRACKING_URI)",
      })
      .option('init', { type: 'string', describe: 'warm start from a checkpoint folder (weights, optimizer, tokenizer)' })
      .option('resume', { type: 'string', describe: "go on with a checkpoint of this experiment's run exactly where it stopped", conflicts: 'init' }),
  async handler(args, ctx) {
    const sets = [...(args.set ?? []), ...(args.backend ? [`backend=${args.backend}`] : []), ...(args.tracker ? [`tracker=${args.tracker}`] : [])];
    const cfg = await resolvePlugins(await resolveConfig(args.experiment, sets, ctx.cwd), ctx.registry);
    const quiet = args.quiet || args.json;
    // a bar per stage on a terminal; plain progress lines on anything else (a log file, CI, a pipe)
    const bars = !quiet && ctx.terminal ? progressBars() : undefined;
    const say = quiet ? () => undefined : (bars?.say ?? ((t: string) => ctx.err(t)));
    const from = args.init ?? args.resume;
    const options = {
      say,
      warn: bars?.say ?? ((t: string) => ctx.err(t)),
      progress: bars?.progress,
      savedTokenizer: from ? readSavedTokenizer(path.resolve(ctx.cwd, from)) : undefined,
    };
    const result = await withTrainJob(createRoot(ctx.registry), cfg, options, (job) =>
      job.run({ initFrom: args.init && path.resolve(ctx.cwd, args.init), resumeFrom: args.resume && path.resolve(ctx.cwd, args.resume) }),
    ).finally(() => bars?.stop());
    if (args.json) ctx.out(JSON.stringify(result, null, 2));
    else {
      ctx.out(evalTable(result.eval));
      if (result.rl_gain) ctx.out(rlGainLine(result.rl_gain));
      ctx.out(`run ${result.runId} finished; checkpoint ${result.checkpoint}`);
    }
    return 0;
  },
});

/** The tokenizer saved beside a checkpoint (the policy's vocabulary must match it). */
export function readSavedTokenizer(dir: string): unknown {
  const file = path.join(dir, 'tokenizer.json');
  if (!fs.existsSync(file))
    throw new UserError('not a videor1 checkpoint folder', {
      file: dir,
      expected: 'a folder with tokenizer.json (written by videor1 train)',
      found: 'no tokenizer.json',
    });
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`cannot read the saved tokenizer: ${(e as Error).message}`, { file });
  }
}
