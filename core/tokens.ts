/**
 * One typed token per contract (docs/style.md §5): core/ sees tokens, never plugin classes. Every
 * constructor parameter gets `@inject(TOKEN)`. The root container holds REGISTRY; each run's
 * child container holds the rest (core/root.ts).
 */
import type { InjectionToken } from 'tsyringe';
import type { Backend } from './contracts/backend';
import type { DataMixer, LoadedData } from './contracts/data';
import type { Policy } from './contracts/policy';
import type { Tokenizer } from './contracts/tokenizer';
import type { Tracker } from './contracts/tracker';
import type { ResolvedConfig } from './config/schema';
import type { MetricSink } from './jobs/metric-sink';
import type { PluginRegistry } from './registry/registry';
import type { Estimator } from './rewards/estimator';
import type { ConfiguredReward } from './rewards/pipeline';
import type { RewardSet } from './rewards/reward-set';
import type { Reporter } from './run/reporter';
import type { RngStreams } from './run/streams';

/** Process-wide: the plugin registry every run draws from. */
export const REGISTRY: InjectionToken<PluginRegistry> = Symbol('PluginRegistry');

export const CONFIG: InjectionToken<ResolvedConfig> = Symbol('ResolvedConfig');
export const BACKEND: InjectionToken<Backend> = Symbol('Backend');
/** The splits the run loaded, with their stats and skipped media. */
export const DATA: InjectionToken<LoadedData> = Symbol('LoadedData');
export const TOKENIZER: InjectionToken<Tokenizer> = Symbol('Tokenizer');
export const POLICY: InjectionToken<Policy> = Symbol('Policy');
/** The RL batch mixer; a run without RL data gets one that refuses to draw. */
export const MIXER: InjectionToken<DataMixer> = Symbol('DataMixer');
/** The configured rewards, in order. */
export const REWARDS: InjectionToken<RewardSet> = Symbol('Rewards');
/** The advantage estimator and its state. */
export const ESTIMATOR: InjectionToken<Estimator> = Symbol('Estimator');
/** The reward that scores evaluation answers (`eval.scorer`). */
export const EVAL_REWARD: InjectionToken<ConfiguredReward> = Symbol('EvalReward');
export const TRACKER: InjectionToken<Tracker> = Symbol('Tracker');

/** Per-run mutable state: the seeded streams, the metric log, the progress channel. */
export const RNG: InjectionToken<RngStreams> = Symbol('RngStreams');
export const METRICS: InjectionToken<MetricSink> = Symbol('MetricSink');
export const REPORTER: InjectionToken<Reporter> = Symbol('Reporter');
