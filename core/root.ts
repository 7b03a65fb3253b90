/**
 * The composition root (docs/style.md §5, after tsyringe/NestJS): the one place where names in a
 * config become objects. The root container holds process-wide services (the plugin registry).
 * Each run gets a child container: the config with `useValue`, each chosen plugin under its own
 * token (core/tokens.ts), built once from the plugin index, and the run's mutable services (RNG
 * streams, metric log, progress) from factories. One entry object (TrainJob) is resolved from it;
 * stages and jobs take what they use by constructor injection. A grid makes one child per cell.
 */
import 'reflect-metadata';
import { container as globalContainer, type DependencyContainer, instanceCachingFactory } from 'tsyringe';
import type { Backend } from './contracts/backend';
import type { DataMixer, MixerDeps } from './contracts/data';
import type { Executor, ExecutorDeps } from './contracts/executor';
import type { Policy, PolicyDeps } from './contracts/policy';
import type { RewardPlugin } from './contracts/reward';
import type { Tokenizer, TokenizerDeps } from './contracts/tokenizer';
import type { RunReader, Tracker } from './contracts/tracker';
import type { ResolvedConfig } from './config/schema';
import { MetricSink } from './jobs/metric-sink';
import { TrainJob } from './jobs/train';
import { frameSpecOf, loadData } from './modules/data';
import { localReader, remoteReader, syncTrackerOf, trackerOf, type TrackerRef } from './modules/tracking';
import type { PluginRegistry } from './registry/registry';
import { loadEstimator } from './rewards/estimator';
import { loadRewards } from './rewards/reward-set';
import { Reporter, type StageProgress } from './run/reporter';
import { RngStreams } from './run/streams';
import { checkScreen } from './stages/screen';
import * as T from './tokens';

export { trackerRef } from './modules/tracking';

/** A root container for the process: the registry every run draws plugins from. */
export function createRoot(registry: PluginRegistry): DependencyContainer {
  const root = globalContainer.createChildContainer();
  root.register(T.REGISTRY, { useValue: registry });
  return root;
}

export interface RunOptions {
  /** Progress for people (silent under --json / --quiet). */
  say: (text: string) => void;
  /** Warnings that must always reach a person (broken media, data problems): stderr. */
  warn: (text: string) => void;
  /** Saved tokenizer state (resume). */
  savedTokenizer?: unknown;
  /** A tracker shared with the caller (a grid's parent run and its children use one). */
  tracker?: Tracker;
  /** A progress bar per stage (a terminal); without it progress goes to `say` as plain lines. */
  progress?: (p: StageProgress) => void;
}

/** A mixer for runs without RL data: nothing draws from it (the job runs RL only with RL data). */
const NO_MIXER: DataMixer = {
  name: 'none',
  next: () => {
    throw new Error('the RL stage needs a mixer (the composition root makes one when there is RL data)');
  },
  report: () => ({ total: 0, byModality: {}, byCategory: {} }),
};

/**
 * Build one run's child container from a resolved config (plugin options already parsed). Plugins
 * are built in dependency order (the backend before any tensor; the data before the tokenizer's
 * vocabulary), each once, so every config error surfaces here, before any stage runs.
 */
export async function createRunContainer(root: DependencyContainer, cfg: ResolvedConfig, o: RunOptions): Promise<DependencyContainer> {
  const registry = root.resolve(T.REGISTRY);
  const run = root.createChildContainer();
  run.register(T.CONFIG, { useValue: cfg });
  run.register(T.RNG, { useFactory: instanceCachingFactory(() => new RngStreams(cfg.seed)) });
  run.register(T.REPORTER, { useFactory: instanceCachingFactory(() => new Reporter(o.say, o.progress)) });

  const backend = await registry.create<Backend, unknown>('backend', { name: cfg.backend }, {}, 'backend'); // `auto` tries tensorflow, wasm, cpu
  o.say(
    `backend: ${backend.name} (${Object.entries(backend.detail)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`,
  );
  run.register(T.BACKEND, { useValue: backend });

  const { data, corpus } = await loadData(registry, cfg, o);
  run.register(T.DATA, { useValue: data });
  const tokenizer = await registry.create<Tokenizer, TokenizerDeps>('tokenizer', cfg.tokenizer, { corpus, saved: o.savedTokenizer }, 'tokenizer', cfg.source);
  run.register(T.TOKENIZER, { useValue: tokenizer });
  const policyDeps: PolicyDeps = {
    vocabSize: tokenizer.vocabSize,
    padId: tokenizer.special.pad,
    eosId: tokenizer.special.eos,
    frames: frameSpecOf(cfg),
    seed: cfg.seed,
  };
  run.register(T.POLICY, { useValue: await registry.create<Policy, PolicyDeps>('policy', cfg.policy, policyDeps, 'policy', cfg.source) });

  let mixer = NO_MIXER;
  if (data.rl.length > 0) {
    mixer = await registry.create<DataMixer, MixerDeps>('mixer', cfg.mixer, { pool: data.rl }, 'mixer', cfg.source);
    for (const note of (mixer.report() as { shares?: { notes?: string[] } }).shares?.notes ?? []) o.say(`mixer ${mixer.name}: ${note}`);
  }
  run.register(T.MIXER, { useValue: mixer });

  await registerScoring(run, registry, cfg);
  checkScreen(cfg.rl, run.resolve(T.REWARDS).names, cfg.source);
  const evalPlugin = await registry.load<RewardPlugin>('reward', cfg.eval.scorer, 'eval.scorer');
  const evalOptions = registry.parseOptions(evalPlugin, {}, 'eval.scorer', cfg.source);
  run.register(T.EVAL_REWARD, { useValue: { plugin: evalPlugin, options: evalOptions, weight: 1 } });

  run.register(T.TRACKER, { useValue: o.tracker ?? (await trackerOf(registry, cfg)).tracker });
  run.register(T.METRICS, { useFactory: instanceCachingFactory((c) => new MetricSink(c.resolve(T.TRACKER))) });
  return run;
}

/** The rewards (in order) and the advantage estimator a config names; refuses missing reward components. */
async function registerScoring(run: DependencyContainer, registry: PluginRegistry, cfg: ResolvedConfig): Promise<void> {
  const rewards = await loadRewards(cfg, registry);
  const estimator = await loadEstimator(cfg, registry, rewards.names);
  run.register(T.REWARDS, { useValue: rewards });
  run.register(T.ESTIMATOR, { useValue: estimator });
}

/** A child container with only a config's rewards and estimator (`videor1 score`, offline). */
export async function createScoringContainer(root: DependencyContainer, cfg: ResolvedConfig): Promise<DependencyContainer> {
  const run = root.createChildContainer();
  run.register(T.CONFIG, { useValue: cfg });
  await registerScoring(run, root.resolve(T.REGISTRY), cfg);
  return run;
}

/**
 * One run's lifecycle for command handlers: build its child container, resolve the training job,
 * run `fn` with it, and always free the policy's tensors and the container afterwards.
 */
export async function withTrainJob<R>(root: DependencyContainer, cfg: ResolvedConfig, o: RunOptions, fn: (job: TrainJob) => Promise<R>): Promise<R> {
  const run = await createRunContainer(root, cfg, o);
  try {
    return await fn(run.resolve(TrainJob));
  } finally {
    run.resolve(T.POLICY).dispose();
    await run.dispose();
  }
}

/** The tracker a config names, with the root's defaults (`trackerRef`); a grid's parent and cells share one. */
export function createTracker(root: DependencyContainer, cfg: ResolvedConfig, file?: string): Promise<{ tracker: Tracker; ref: TrackerRef }> {
  return trackerOf(root.resolve(T.REGISTRY), cfg, file);
}

/** The local run store in `dir`, read back (`compare`, `grid --resume`). */
export function createRunReader(root: DependencyContainer, dir: string, where?: string): Promise<RunReader> {
  return localReader(root.resolve(T.REGISTRY), dir, where);
}

/**
 * Every store `grid --resume` looks in for a tracker: the local store in `dir` first (what the
 * tracker writes, and pushes from), then the tracker's server when it has one (`mlflow`).
 */
export async function createResumeReaders(root: DependencyContainer, ref: TrackerRef, dir: string, where: string): Promise<RunReader[]> {
  const registry = root.resolve(T.REGISTRY);
  const remote = await remoteReader(registry, ref, where);
  return [await localReader(registry, dir, where), ...(remote ? [remote] : [])];
}

/** The tracker that pushes a local store to a server (`sync`), with the root's `tracking_uri` precedence. */
export function createSyncTracker(root: DependencyContainer, name: string, o: Parameters<typeof syncTrackerOf>[2]): ReturnType<typeof syncTrackerOf> {
  return syncTrackerOf(root.resolve(T.REGISTRY), name, o);
}

/** The executor a grid names (`local`, `slurm`), which runs its cells as `videor1 grid-cell` processes. */
export function createExecutor(
  root: DependencyContainer,
  ref: { name: string; options: Record<string, unknown> },
  deps: ExecutorDeps,
  where: string,
  file?: string,
): Promise<Executor> {
  return root.resolve(T.REGISTRY).create<Executor, ExecutorDeps>('executor', ref, deps, where, file);
}
