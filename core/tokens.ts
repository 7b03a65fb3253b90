/**
 * One typed token per contract (docs/style.md §5). core/ sees tokens, never plugin classes. Every
 * constructor parameter gets `@inject(TOKEN)`.
 */
import type { InjectionToken } from 'tsyringe';
import type { Backend } from './contracts/backend';
import type { DataMixer } from './contracts/data';
import type { Policy } from './contracts/policy';
import type { Tokenizer } from './contracts/tokenizer';
import type { Tracker } from './contracts/tracker';
import type { ResolvedConfig } from './config/schema';
import type { ConfiguredReward } from './rewards/pipeline';
import type { Scorer } from './rewards/scorer';
import type { StageContext } from './stages/context';
import type { PluginRegistry } from './registry/registry';
import type { Rng } from './rng';

export const CONFIG: InjectionToken<ResolvedConfig> = Symbol('ResolvedConfig');
export const RNG: InjectionToken<Rng> = Symbol('Rng');
export const REGISTRY: InjectionToken<PluginRegistry> = Symbol('PluginRegistry');
export const BACKEND: InjectionToken<Backend> = Symbol('Backend');
export const TOKENIZER: InjectionToken<Tokenizer> = Symbol('Tokenizer');
export const POLICY: InjectionToken<Policy> = Symbol('Policy');
export const MIXER: InjectionToken<DataMixer> = Symbol('DataMixer');
/** The configured rewards and advantage estimator of the run. */
export const SCORER: InjectionToken<Scorer> = Symbol('Scorer');
/** The reward that scores evaluation answers (`eval.scorer`). */
export const EVAL_REWARD: InjectionToken<ConfiguredReward> = Symbol('EvalReward');
/** The splits the run loaded, with their stats and skipped media. */
export const DATA: InjectionToken<StageContext['data']> = Symbol('LoadedData');
export const TRACKER: InjectionToken<Tracker> = Symbol('Tracker');
