import * as path from 'node:path';
import type { Argv } from 'yargs';
import { z } from 'zod';
import { loadProjectConfig, resolveConfig } from '../../config/load';
import { checkPluginFile } from '../../config/plugin-check';
import { registerUserPlugins } from '../../config/plugins';
import type { PluginMeta } from '../../contracts/plugin';
import { UserError } from '../../errors';
import type { CliContext } from '../command';
import { defineCommand } from '../command';
import { printTable } from '../print';

interface Args {
  action?: string;
  file?: string;
  config?: string;
  set?: string[];
  json?: boolean;
}

/**
 * `videor1 plugins [--config <experiment>]`: every plugin a run can name (built-ins, the project
 * config's `plugins`, the experiment's `plugins`) with kind, name, options and where it comes from.
 * `videor1 plugins check <file>`: type-check and load one plugin file, wherever it lives.
 */
export default defineCommand<Args>({
  command: 'plugins [action] [file]',
  describe: 'List every plugin (built-in, project, experiment) with its source; `plugins check <file>` type-checks a plugin file',
  builder: (y: Argv) =>
    y
      .positional('action', { type: 'string', choices: ['list', 'check'], default: 'list', describe: 'list the plugins, or check one plugin file' })
      .positional('file', { type: 'string', describe: 'the plugin file to check (plugins check <file>)' })
      .option('config', { type: 'string', describe: "also list this experiment's plugin files" })
      .option('set', { type: 'string', array: true, describe: 'override for --config: key.path=value (repeatable)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  async handler(args, ctx) {
    if (args.action === 'check') return check(args, ctx);
    if (args.file)
      throw new UserError('plugins lists plugins; name an experiment with --config, or check a file with `plugins check <file>`', {
        where: 'plugins',
        found: JSON.stringify(args.file),
      });
    if (args.config) await registerUserPlugins(await resolveConfig(args.config, args.set ?? [], ctx.cwd), ctx.registry);
    else await registerUserPlugins({ plugins: [], source: ctx.cwd, project: await loadProjectConfig(ctx.cwd) }, ctx.registry);
    const plugins = (await ctx.registry.all()).map((p) => describePlugin(p, ctx.registry.sourceOf(p.kind, p.name), ctx.cwd));
    if (args.json) {
      ctx.out(JSON.stringify(plugins, null, 2));
      return 0;
    }
    const rows = plugins.map((p) => [
      p.kind,
      p.name,
      p.description,
      Object.entries(p.options)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' '),
      p.display,
    ]);
    ctx.out(printTable(rows, ['kind', 'name', 'description', 'options (defaults)', 'source']));
    return 0;
  },
});

function describePlugin(p: PluginMeta, source: string, cwd: string) {
  return {
    kind: p.kind,
    name: p.name,
    description: p.description,
    options: p.options.parse({}) as Record<string, unknown>,
    schema: z.toJSONSchema(p.options, { unrepresentable: 'any', io: 'input' }),
    metrics: [...p.metrics],
    reference: p.reference ?? '',
    source,
    display: source === 'built-in' ? source : path.relative(cwd, source) || source,
  };
}

async function check(args: Args, ctx: CliContext): Promise<number> {
  if (!args.file)
    throw new UserError('plugins check needs a file', { where: 'plugins check', expected: 'videor1 plugins check <plugin.ts>', found: 'nothing' });
  const r = await checkPluginFile(path.resolve(ctx.cwd, args.file), ctx.registry);
  const plugins = r.plugins.map((p) => describePlugin(p, r.file, ctx.cwd));
  if (args.json) ctx.out(JSON.stringify({ file: r.file, ok: r.diagnostics.length === 0, diagnostics: r.diagnostics, plugins }, null, 2));
  else if (r.diagnostics.length > 0) for (const d of r.diagnostics) ctx.err(`videor1: ${d}`);
  else for (const p of plugins) ctx.out(`ok: ${p.kind} plugin '${p.name}' (${p.description}); options ${JSON.stringify(p.options)}`);
  return r.diagnostics.length > 0 ? 2 : 0;
}
