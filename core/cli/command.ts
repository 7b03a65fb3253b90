import type { Argv } from 'yargs';
import type { PluginRegistry } from '../registry/registry';

/** What every command handler receives: where it runs, where it prints, and the plugins. */
export interface CliContext {
  cwd: string;
  /** Write one line (or more) to stdout. */
  out(text: string): void;
  /** Write one line (or more) to stderr. */
  err(text: string): void;
  /** True when `err` is the process's stderr and that is a terminal (progress bars may be drawn). */
  terminal?: boolean;
  /** Built-in plugins; handlers add user plugins from a config's `plugins:` list. */
  registry: PluginRegistry;
}

/**
 * A CLI command module (docs/style.md §4): `command`, `describe`, `builder` (options, `--json`) and a
 * short handler returning the exit code: 0 success, 1 run failed, 2 bad input.
 */
export interface CommandModule<A = Record<string, unknown>> {
  command: string | string[];
  describe: string;
  builder(y: Argv): Argv;
  handler(args: A, ctx: CliContext): Promise<number>;
}

export function defineCommand<A>(c: CommandModule<A>): CommandModule<A> {
  return c;
}
