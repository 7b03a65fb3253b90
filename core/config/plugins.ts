import * as path from 'node:path';
import type { PluginKind } from '../contracts/plugin';
import type { EstimatorPlugin } from '../contracts/advantage';
import type { RewardPlugin } from '../contracts/reward';
import { checkEstimatorNeeds, checkRewardOrder } from '../rewards/pipeline';
import type { PluginRegistry } from '../registry/registry';
import { originFileOf } from './load';
import type { ResolvedConfig } from './schema';

/** Every plugin reference in a config, with its kind and key path. */
export function pluginRefs(cfg: ResolvedConfig): { kind: PluginKind; where: string; ref: { name: string; options: Record<string, unknown> } }[] {
  const refs: { kind: PluginKind; where: string; ref: { name: string; options: Record<string, unknown> } }[] = [
    { kind: 'tracker', where: 'tracker', ref: cfg.tracker },
    { kind: 'tokenizer', where: 'tokenizer', ref: cfg.tokenizer },
    { kind: 'policy', where: 'policy', ref: cfg.policy },
    { kind: 'data', where: 'data.source', ref: cfg.data.source },
    { kind: 'mixer', where: 'mixer', ref: cfg.mixer },
    { kind: 'advantage', where: 'advantage', ref: cfg.advantage },
  ];
  if (cfg.data.eval_source) refs.push({ kind: 'data', where: 'data.eval_source', ref: cfg.data.eval_source });
  cfg.rewards.forEach((r, i) => refs.push({ kind: 'reward', where: `rewards[${i}]`, ref: r }));
  return refs;
}

/**
 * Register the config's user plugin modules, then check every plugin name and parse its options
 * (defaults filled in). Unknown names list the registered ones; bad options name the key path.
 * Returns a copy of the config whose plugin options are the parsed ones.
 */
export async function resolvePlugins(cfg: ResolvedConfig, registry: PluginRegistry, kinds?: readonly PluginKind[]): Promise<ResolvedConfig> {
  await registerUserPlugins(cfg, registry);
  const out = structuredClone(cfg);
  if (!kinds || kinds.includes('reward')) await registry.load('reward', cfg.eval.scorer, 'eval.scorer', cfg.source);
  if (!kinds || kinds.includes('reward')) {
    const rewards = await Promise.all(
      cfg.rewards.map((r, i) => registry.load<RewardPlugin>('reward', r.name, `rewards[${i}]`, originFileOf(cfg, ['rewards', i]) ?? cfg.source)),
    );
    checkRewardOrder(
      rewards.map((plugin, i) => ({ plugin, options: {}, weight: cfg.rewards[i].weight })),
      cfg.source,
    );
  }
  const outRefs = pluginRefs(out);
  // errors name the source that wrote the key: the YAML file, or the `--set` override
  const keyPath = (where: string) => where.split(/[.[\]]+/).filter(Boolean);
  const sourceOf = (parts: (string | number)[]) => originFileOf(cfg, parts) ?? cfg.source;
  for (const [i, { kind, where, ref }] of pluginRefs(cfg).entries()) {
    if (kinds && !kinds.includes(kind)) continue;
    const plugin = await registry.load(kind, ref.name, where, sourceOf(keyPath(where)));
    outRefs[i].ref.options = registry.parseOptions(plugin, ref.options, where, (p) => sourceOf([...keyPath(where), 'options', ...p])) as Record<
      string,
      unknown
    >;
  }
  if (!kinds || (kinds.includes('advantage') && kinds.includes('reward'))) {
    const estimator = await registry.load<EstimatorPlugin>('advantage', out.advantage.name, 'advantage', cfg.source);
    checkEstimatorNeeds(
      estimator,
      out.advantage.options,
      cfg.rewards.map((r) => r.name),
      cfg.source,
    );
  }
  return out;
}

/**
 * Register the user plugin modules a run can name: the project config's `plugins` (paths relative
 * to that file) first, then the experiment's (relative to the experiment file, made absolute when
 * it was read). Errors name the file and the `plugins[i]` entry.
 */
export async function registerUserPlugins(cfg: Pick<ResolvedConfig, 'plugins' | 'source' | 'project'>, registry: PluginRegistry): Promise<void> {
  const projectFile = cfg.project.file ?? '';
  for (const [i, modulePath] of cfg.project.plugins.entries()) {
    await registry.addModule(modulePath, path.dirname(projectFile), `plugins[${i}]`, projectFile || undefined);
  }
  for (const [i, modulePath] of cfg.plugins.entries()) {
    await registry.addModule(modulePath, path.dirname(cfg.source), `plugins[${i}]`, cfg.source);
  }
}
