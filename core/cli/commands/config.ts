import type { Argv } from 'yargs';
import { resolveConfig } from '../../config/load';
import { resolvePlugins } from '../../config/plugins';
import { defineCommand } from '../command';
import { printTable } from '../print';
import { flattenConfig } from '../../config/flatten';

interface Args {
  experiment: string;
  set?: string[];
  json?: boolean;
}

/** `videor1 config <experiment>`: print the resolved config (extends, --set, defaults, plugin options). */
export default defineCommand<Args>({
  command: 'config <experiment>',
  describe: 'Print the resolved config of an experiment (extends, --set overrides, defaults)',
  builder: (y: Argv) =>
    y
      .positional('experiment', { type: 'string', describe: 'experiment YAML file' })
      .option('set', { type: 'string', array: true, describe: 'override: key.path=value (repeatable)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  async handler(args, ctx) {
    const cfg = await resolvePlugins(await resolveConfig(args.experiment, args.set ?? [], ctx.cwd), ctx.registry);
    if (args.json) ctx.out(JSON.stringify(cfg, null, 2));
    else ctx.out(printTable(flattenConfig(cfg)));
    return 0;
  },
});
