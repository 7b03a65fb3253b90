import type { Argv } from 'yargs';
import { z } from 'zod';
import { defineCommand } from '../command';
import { printTable } from '../print';

interface Args {
  json?: boolean;
}

/** `videor1 plugins`: every registered plugin with kind, name, description, options and defaults. */
export default defineCommand<Args>({
  command: 'plugins',
  describe: 'List every registered plugin: kind, name, description, options with defaults',
  builder: (y: Argv) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  async handler(args, ctx) {
    const plugins = (await ctx.registry.all()).map((p) => ({
      kind: p.kind,
      name: p.name,
      description: p.description,
      options: p.options.parse({}) as Record<string, unknown>,
      schema: z.toJSONSchema(p.options, { unrepresentable: 'any', io: 'input' }),
      metrics: [...p.metrics],
      reference: p.reference ?? '',
    }));
    if (args.json) {
      ctx.out(JSON.stringify(plugins, null, 2));
      return 0;
    }
    const rows = plugins.map((p) => [p.kind, p.name, p.description, Object.entries(p.options).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')]);
    ctx.out(printTable(rows, ['kind', 'name', 'description', 'options (defaults)']));
    return 0;
  },
});
