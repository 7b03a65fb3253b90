import { runCli } from '../core/cli/main';
import { commands } from '../core/cli/commands';
import type { CommandModule } from '../core/cli/command';
import { builtinPlugins } from '../plugins';
import benchCommand from '../bench/command';
import backendCommand from '../plugins/backend/cli/command';
import dataCommand from '../plugins/data/cli/command';

/**
 * The process entry: the one place that joins core's CLI with the built-in plugin catalog and
 * the commands that need plugin code, backend, bench and data (core/ never imports a plugin, docs/design.md §1).
 */
export const allCommands = [...commands, backendCommand, benchCommand, dataCommand] as readonly CommandModule<never>[];

export { builtinPlugins };

export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, { catalog: builtinPlugins, commands: allCommands });
}
