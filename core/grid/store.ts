import type { PluginMeta } from '../contracts/plugin';
import type { RunReader, RunReaderCapability } from '../contracts/tracker';
import { UserError } from '../errors';
import type { PluginRegistry } from '../registry/registry';

/** The local run store in `dir`, read back through the `local` tracker's reader capability. */
export async function localReader(registry: PluginRegistry, dir: string, where = 'compare'): Promise<RunReader> {
  const plugin = await registry.load<PluginMeta & Partial<RunReaderCapability>>('tracker', 'local', where);
  if (typeof plugin.reader !== 'function') throw new UserError("the 'local' tracker cannot read runs back", { expected: 'a tracker plugin with a reader' });
  return plugin.reader(registry.parseOptions(plugin, { dir }, where));
}
