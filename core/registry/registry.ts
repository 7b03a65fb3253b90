import * as path from 'node:path';
import { z } from 'zod';
import type { FactoryPlugin, PluginCatalog, PluginKind, PluginMeta } from '../contracts/plugin';
import { PLUGIN_KINDS } from '../contracts/plugin';
import { UserError } from '../errors';
import { formatZodIssues } from '../config/zod-errors';

/** A plugin named in a config: `{ name, options }` (options still raw). */
export interface PluginRef {
  name: string;
  options?: unknown;
}

/**
 * Plugins by kind and name (docs/style.md §4): built-in lazy indexes plus user modules registered by
 * path. A duplicate name is an error; an unknown one fails listing the known names (exit 2).
 */
export class PluginRegistry {
  private readonly loaders = new Map<PluginKind, Map<string, () => Promise<PluginMeta>>>();
  private readonly modules = new Map<string, PluginMeta[]>();
  /** Where each plugin came from: `built-in`, or the absolute path of the user module. */
  private readonly sources = new Map<string, string>();

  constructor(catalog: PluginCatalog = {}) {
    for (const kind of PLUGIN_KINDS) this.loaders.set(kind, new Map());
    for (const [kind, index] of Object.entries(catalog) as [PluginKind, Record<string, () => Promise<{ default: PluginMeta }>>][]) {
      for (const [name, load] of Object.entries(index)) this.add(kind, name, async () => (await load()).default);
    }
  }

  /** Names registered for a kind, sorted. */
  names(kind: PluginKind): string[] {
    return [...(this.loaders.get(kind)?.keys() ?? [])].sort();
  }

  /** Where a registered plugin came from: `built-in` or the user module's absolute path. */
  sourceOf(kind: PluginKind, name: string): string {
    return this.sources.get(`${kind}/${name}`) ?? 'built-in';
  }

  /** Load a plugin's module and check it is what the index says; `file` is the config that named it. */
  async load<P extends PluginMeta = PluginMeta>(kind: PluginKind, name: string, where?: string, file?: string): Promise<P> {
    const loader = this.loaders.get(kind)?.get(name);
    if (!loader) {
      throw new UserError(`unknown ${kind} plugin '${name}'`, {
        file,
        where,
        expected: `one of ${this.names(kind).join(', ') || '(none registered)'}`,
        found: JSON.stringify(name),
      });
    }
    const plugin = await loader();
    if (!plugin || plugin.kind !== kind || plugin.name !== name) {
      throw new UserError(`the ${kind} index entry '${name}' loads a module that is not that plugin`, {
        where,
        expected: `a ${kind} plugin named '${name}'`,
        found: plugin ? `${plugin.kind} '${plugin.name}'` : 'nothing',
      });
    }
    return plugin as P;
  }

  /** Parse raw options against the plugin's schema; errors name the key path. */
  parseOptions<P extends PluginMeta>(
    plugin: P,
    raw: unknown,
    where: string,
    file?: string | ((optionPath: (string | number)[]) => string | undefined),
  ): z.infer<P['options']> {
    // Unknown option keys are typos, never silently dropped: object schemas are checked strictly.
    const schema = plugin.options instanceof z.ZodObject ? plugin.options.strict() : plugin.options;
    const result = schema.safeParse(raw ?? {});
    if (!result.success) {
      // `file` may name the source per option key (a `--set` override, or the file that wrote it)
      const first = result.error.issues[0];
      const optionPath = [...(first.path as (string | number)[]), ...(first.code === 'unrecognized_keys' ? [first.keys[0]] : [])];
      throw new UserError(
        `invalid options for ${plugin.kind} plugin '${plugin.name}': ${formatZodIssues(result.error, `${where}.options`, raw ?? {}, plugin.options)}`,
        { file: typeof file === 'function' ? file(optionPath) : file },
      );
    }
    return result.data as z.infer<P['options']>;
  }

  /** Load, parse options and create an object from a factory plugin. */
  async create<T, D>(kind: PluginKind, ref: PluginRef, deps: D, where: string = kind, file?: string): Promise<T> {
    const plugin = await this.load<FactoryPlugin<T, D>>(kind, ref.name, where);
    const options = this.parseOptions(plugin, ref.options, where, file);
    return plugin.create(options, deps);
  }

  /** Every plugin's metadata (for `videor1 plugins`). */
  async all(): Promise<PluginMeta[]> {
    const out: PluginMeta[] = [];
    for (const kind of PLUGIN_KINDS) for (const name of this.names(kind)) out.push(await this.load(kind, name));
    return out;
  }

  /**
   * Register the plugins a user module exports (default export: one plugin or an array). The
   * module may be TypeScript: the CLI runs under a TypeScript loader, so no build step is needed.
   */
  async addModule(modulePath: string, baseDir: string, where: string, file?: string): Promise<PluginMeta[]> {
    const abs = path.resolve(baseDir, modulePath);
    const known = this.modules.get(abs);
    if (known) return known; // a grid resolves the same config many times
    let mod: { default?: unknown };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(abs);
    } catch (e) {
      throw new UserError(loadFailure(abs, e as Error), { file, where });
    }
    const exported = mod.default ?? mod;
    const plugins = (Array.isArray(exported) ? exported : [exported]) as PluginMeta[];
    for (const p of plugins) {
      const problem = pluginProblem(p);
      if (problem) {
        throw new UserError(`plugin module ${abs} must export (default) a plugin made with defineReward, defineEstimator or definePlugin`, {
          file,
          where,
          expected: "kind, name, description, a zod options schema and the kind's function",
          found: problem,
        });
      }
      this.add(p.kind, p.name, async () => p, { module: abs, file, where });
    }
    this.modules.set(abs, plugins);
    return plugins;
  }

  private add(kind: PluginKind, name: string, loader: () => Promise<PluginMeta>, from?: { module: string; file?: string; where?: string }): void {
    const byName = this.loaders.get(kind)!;
    if (byName.has(name)) {
      throw new UserError(`duplicate ${kind} plugin name '${name}'${from ? ` in ${from.module}` : ''}`, {
        file: from?.file,
        where: from?.where,
        expected: 'a name not already registered',
        found: `'${name}' already registered by ${this.sourceOf(kind, name)}`,
      });
    }
    byName.set(name, loader);
    if (from) this.sources.set(`${kind}/${name}`, from.module);
  }
}

/**
 * One line for a module that did not load. tsx reports a compile error as esbuild does
 * ("Transform failed with 1 error:" then `file:line:column: ERROR: message`), so the first error
 * line is kept in full; other failures keep their first line.
 */
function loadFailure(abs: string, e: Error): string {
  const lines = String(e?.message ?? e).split('\n');
  const compile = lines.map((l) => /^(.+?):(\d+):(\d+): ERROR: (.*)$/.exec(l)).find((m) => m !== null);
  // esbuild's column is 0-based; editors and tsc count from 1
  if (compile) return `cannot compile plugin module ${compile[1]}:${compile[2]}:${Number(compile[3]) + 1}: ${compile[4]}`;
  return `cannot load plugin module ${abs}: ${lines[0]}`;
}

/** What is wrong with a would-be plugin object, or undefined when it has the shape of its kind. */
function pluginProblem(p: unknown): string | undefined {
  if (!p || typeof p !== 'object') return `a ${typeof p}`;
  const x = p as Record<string, unknown>;
  if (!PLUGIN_KINDS.includes(x.kind as PluginKind)) return `kind ${JSON.stringify(x.kind)}`;
  if (typeof x.name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(x.name)) return `name ${JSON.stringify(x.name)} (expected kebab-case)`;
  if (typeof x.description !== 'string' || x.description.length === 0) return 'no description';
  if (!(x.options instanceof z.ZodType)) return 'options that are not a zod schema';
  const fn = x.kind === 'reward' ? 'score' : x.kind === 'advantage' ? 'estimate' : 'create';
  if (typeof x[fn] !== 'function') return `no ${fn}() function`;
  return undefined;
}
