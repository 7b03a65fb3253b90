import type { z } from 'zod';
import type { FactoryPlugin, PluginKind } from '../contracts/plugin';

/**
 * Declare a plugin that becomes an object (policy, tokenizer, backend, tracker, mixer, data):
 * metadata plus `create(options, deps)`. Options arrive parsed by the meta schema, so `create`
 * never re-checks them (docs/style.md §4).
 */
export function definePlugin<K extends PluginKind, T, D, O extends z.ZodTypeAny>(
  p: { kind: K } & Omit<FactoryPlugin<T, D, O>, 'kind' | 'metrics'> & { metrics?: readonly string[] },
): FactoryPlugin<T, D, O> & { kind: K } {
  return { metrics: [], ...p };
}
