/**
 * Tracking, as the composition root builds it (core/root.ts): the tracker a config names with the
 * defaults the root owns, the local store's reader (and a server's), and the tracker that pushes a store to MLflow.
 */
import * as path from 'node:path';
import type { PluginMeta } from '../contracts/plugin';
import type { RunReader, RunReaderCapability, Tracker } from '../contracts/tracker';
import type { TrackerSync } from '../contracts/tracker-sync';
import { knownKeysAt } from '../config/known-keys';
import type { ResolvedConfig } from '../config/schema';
import { UserError } from '../errors';
import type { PluginRegistry } from '../registry/registry';

export interface TrackerRef {
  name: string;
  options: Record<string, unknown>;
}

/**
 * The tracker a config names, with the defaults the root owns: trackers with a `dir` option write
 * under the run's output folder unless the config names one, and trackers with a `uri` option
 * fall back to the project's `tracking_uri` when neither the config nor MLFLOW_TRACKING_URI set it.
 * The options arrive parsed, so an unset `uri` is the schema's default: MLFLOW_TRACKING_URI or ''.
 */
export async function trackerRef(registry: PluginRegistry, cfg: ResolvedConfig): Promise<TrackerRef> {
  const plugin = await registry.load('tracker', cfg.tracker.name, 'tracker');
  const keys = knownKeysAt(plugin.options, []);
  const options = { ...cfg.tracker.options };
  if (keys.includes('dir') && (options.dir === undefined || options.dir === 'runs')) options.dir = path.resolve(cfg.output);
  if (keys.includes('uri') && (options.uri === undefined || options.uri === '') && cfg.project.tracking_uri) options.uri = cfg.project.tracking_uri;
  return { name: cfg.tracker.name, options };
}

/** The tracker a config names (`trackerRef`), created; `file` is blamed for bad options. */
export async function trackerOf(registry: PluginRegistry, cfg: ResolvedConfig, file = cfg.source): Promise<{ tracker: Tracker; ref: TrackerRef }> {
  const ref = await trackerRef(registry, cfg);
  return { tracker: await registry.create<Tracker, unknown>('tracker', ref, {}, 'tracker', file), ref };
}

/** The local run store in `dir`, read back through the `local` tracker's reader capability. */
export async function localReader(registry: PluginRegistry, dir: string, where = 'compare'): Promise<RunReader> {
  const plugin = await registry.load<PluginMeta & Partial<RunReaderCapability>>('tracker', 'local', where);
  if (typeof plugin.reader !== 'function') throw new UserError("the 'local' tracker cannot read runs back", { expected: 'a tracker plugin with a reader' });
  return plugin.reader(registry.parseOptions(plugin, { dir }, where));
}

/**
 * The reader of the store a tracker keeps besides the local one (the `mlflow` tracker's server),
 * with its parsed options; undefined for the `local` tracker or one that cannot read back.
 */
export async function remoteReader(registry: PluginRegistry, ref: TrackerRef, where: string): Promise<RunReader | undefined> {
  if (ref.name === 'local') return undefined;
  const plugin = await registry.load<PluginMeta & Partial<RunReaderCapability>>('tracker', ref.name, where);
  if (typeof plugin.reader !== 'function') return undefined;
  return plugin.reader(registry.parseOptions(plugin, ref.options, where));
}

/**
 * The tracker that pushes the local store `dir` to a server, with its parsed options. The server
 * is `uri` when given, else MLFLOW_TRACKING_URI (the plugin's default), else the project's
 * `tracking_uri`: the same precedence as `trackerRef`.
 */
export async function syncTrackerOf(
  registry: PluginRegistry,
  name: string,
  o: { dir: string; uri?: string; projectUri?: string },
): Promise<{ plugin: TrackerSync; options: unknown }> {
  const plugin = await registry.load('tracker', name, '--tracker');
  if (typeof (plugin as Partial<TrackerSync>).sync !== 'function') {
    throw new UserError(`tracker '${name}' cannot sync runs`, { expected: 'a tracker with a sync capability (mlflow)' });
  }
  const raw: Record<string, unknown> = { dir: o.dir };
  if (o.uri !== undefined) raw.uri = o.uri;
  else if (!process.env.MLFLOW_TRACKING_URI && o.projectUri) raw.uri = o.projectUri;
  return { plugin: plugin as PluginMeta & TrackerSync, options: registry.parseOptions(plugin, raw, 'sync') };
}
