/**
 * One typed token per contract (style.md §5). core/ sees tokens, never plugin classes. Every
 * constructor parameter gets `@inject(TOKEN)`.
 */
import type { InjectionToken } from 'tsyringe';
import type { EstimatorPlugin } from './contracts/advantage';
import type { Backend } from './contracts/backend';
import type { DataMixer, TaskSource } from './contracts/data';
import type { PluginCatalog } from './contracts/plugin';
import type { Policy } from './contracts/policy';
import type { Tokenizer } from './contracts/tokenizer';
import type { Tracker } from './contracts/tracker';
import type { ResolvedConfig } from './config/schema';
import type { ConfiguredReward } from './rewards/pipeline';
import type { PluginRegistry } from './registry/registry';
import type { Rng } from './rng';

export const CONFIG: InjectionToken<ResolvedConfig> = Symbol('ResolvedConfig');
export const RNG: InjectionToken<Rng> = Symbol('Rng');
export const CATALOG: InjectionToken<PluginCatalog> = Symbol('PluginCatalog');
export const REGISTRY: InjectionToken<PluginRegistry> = Symbol('PluginRegistry');
export const BACKEND: InjectionToken<Backend> = Symbol('Backend');
export const TOKENIZER: InjectionToken<Tokenizer> = Symbol('Tokenizer');
export const POLICY: InjectionToken<Policy> = Symbol('Policy');
export const TASK_SOURCE: InjectionToken<TaskSource> = Symbol('TaskSource');
export const MIXER: InjectionToken<DataMixer> = Symbol('DataMixer');
export const REWARDS: InjectionToken<ConfiguredReward[]> = Symbol('Rewards');
export const ESTIMATOR: InjectionToken<{ plugin: EstimatorPlugin; options: unknown }> = Symbol('Estimator');
export const TRACKER: InjectionToken<Tracker> = Symbol('Tracker');
