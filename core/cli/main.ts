import yargs from 'yargs';
import type { PluginCatalog } from '../contracts/plugin';
import { isUserError } from '../errors';
import { PluginRegistry } from '../registry/registry';
import type { CliContext, CommandModule } from './command';

export interface CliOptions {
  catalog: PluginCatalog;
  commands: readonly CommandModule<never>[];
  cwd?: string;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/**
 * Run the `videor1` CLI (yargs) and return the exit code: 0 success, 1 run failed, 2 bad input
 * (docs/design.md §4). Bad input prints one clear line and no stack trace.
 */
export async function runCli(argv: readonly string[], o: CliOptions): Promise<number> {
  const out = o.out ?? ((t: string) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`));
  const err = o.err ?? ((t: string) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`));
  const ctx: CliContext = { cwd: o.cwd ?? process.cwd(), out, err, terminal: !o.err && process.stderr.isTTY === true, registry: new PluginRegistry(o.catalog) };
  let exitCode = 0;

  let parser = yargs([...argv])
    .scriptName('videor1')
    .usage('$0 <command> [options]\n\nReinforcement learning of video reasoning (Video-R1 / T-GRPO), as a sandbox.')
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .help()
    .version(false)
    .wrap(Math.min(110, process.stdout.columns || 110))
    .exitProcess(false)
    .fail((msg, e) => {
      // a usage error must stop yargs before any handler runs (invalid choice, missing argument)
      throw e ?? new UsageError(msg);
    });
  for (const c of o.commands as CommandModule[]) {
    parser = parser.command(
      c.command,
      c.describe,
      (y) => c.builder(y),
      async (args) => {
        exitCode = await c.handler(args as Record<string, unknown>, ctx);
      },
    );
  }

  try {
    let helpText = '';
    await parser.parseAsync([...argv], {}, (_e, _argv, output) => {
      if (output) helpText = output;
    });
    if (helpText) out(helpText);
    return exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      err(
        `videor1: ${e.message
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .join(' ')} (run 'videor1 --help' for usage)`,
      );
      return 2;
    }
    return reportError(e, err);
  }
}

class UsageError extends Error {}

/** Print an error for people: bad input without a stack (exit 2), a failed run with one (exit 1). */
export function reportError(e: unknown, err: (t: string) => void): number {
  if (isUserError(e)) {
    err(`videor1: ${e.message}`);
    return 2;
  }
  const error = e instanceof Error ? e : new Error(String(e));
  err(`videor1: run failed: ${error.message}`);
  if (process.env.VIDEOR1_DEBUG) err(error.stack ?? '');
  return 1;
}
