/**
 * The composition root (docs/style.md §5, after tsyringe/NestJS): the one place where names in a
 * config become objects. The root container holds process-wide services (plugin registry);
 * each run gets a child container with its config, seeded RNG and the chosen plugins, and one
 * entry object is resolved from it. A grid makes one child container per cell.
 */
import 'reflect-metadata';
import * as path from 'node:path';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import type { Backend } from './contracts/backend';
import type { DataMixer, FrameSpec, MixerDeps, TaskSource, TaskSourceResult } from './contracts/data';
import type { Policy, PolicyDeps } from './contracts/policy';
import type { RewardPlugin } from './contracts/reward';
import type { Tokenizer, TokenizerDeps } from './contracts/tokenizer';
import type { Tracker } from './contracts/tracker';
import type { ResolvedConfig } from './config/schema';
import { corpusOf, TEMPLATE_TEXTS } from './data/prompt';
import { knownKeysAt } from './config/known-keys';
import { UserError } from './errors';
import type { PluginRegistry } from './registry/registry';
import { buildScorer } from './rewards/scorer';
import { Rng } from './rng';
import type { StageContext } from './stages/context';
import { checkScreen } from './stages/screen';
import * as T from './tokens';
import { MetricSink } from './jobs/metric-sink';
import { TrainJob } from './jobs/train';
import { METRIC_SINK, STAGE_CONTEXT } from './jobs/tokens';

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
  progress?: StageContext['progress'];
}

/** Build one run's child container from a resolved config (plugin options already parsed). */
export async function createRunContainer(root: DependencyContainer, cfg: ResolvedConfig, o: RunOptions): Promise<DependencyContainer> {
  const registry = root.resolve(T.REGISTRY);
  const run = root.createChildContainer();
  run.register(T.CONFIG, { useValue: cfg });
  run.register(T.RNG, { useValue: new Rng(cfg.seed) });

  const backend = await selectBackend(registry, cfg.backend);
  o.say(
    `backend: ${backend.name} (${Object.entries(backend.detail)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`,
  );
  run.register(T.BACKEND, { useValue: backend });

  // data plugins resolve relative paths against the experiment's folder and warn through `warn`
  const dataDeps = { baseDir: path.dirname(cfg.source), log: o.warn };
  const source = await registry.create<TaskSource, unknown>('data', cfg.data.source, dataDeps, 'data.source', cfg.source);
  const evalSource = cfg.data.eval_source
    ? await registry.create<TaskSource, unknown>('data', cfg.data.eval_source, dataDeps, 'data.eval_source', cfg.source)
    : source;
  const spec: FrameSpec = { frames: cfg.data.frames.count, height: cfg.data.frames.height, width: cfg.data.frames.width, channels: cfg.data.frames.channels };
  const stats: Record<string, unknown> = {};
  const skipped: Record<string, TaskSourceResult['skipped']> = {};
  const data = {
    rl: cfg.rl.steps > 0 ? await loadSplit(source, 'rl', spec, o, stats, skipped) : [],
    sft: cfg.sft.steps > 0 ? await loadSplit(source, 'sft', spec, o, stats, skipped) : [],
    eval: cfg.eval.enabled ? await loadSplit(evalSource, 'eval', spec, o, stats, skipped) : [],
    stats,
    skipped,
  };
  run.register(T.DATA, { useValue: data });

  // a source's whole corpus when it offers one (the vocabulary then does not depend on which stages run)
  const corpus = source.corpus
    ? [...source.corpus(spec), ...(evalSource !== source ? (evalSource.corpus?.(spec) ?? corpusOf(data.eval)) : []), ...TEMPLATE_TEXTS]
    : corpusOf([...data.rl, ...data.sft, ...data.eval]);
  const tokenizerDeps: TokenizerDeps = { corpus, saved: o.savedTokenizer };
  const tokenizer = await registry.create<Tokenizer, TokenizerDeps>('tokenizer', cfg.tokenizer, tokenizerDeps, 'tokenizer', cfg.source);
  run.register(T.TOKENIZER, { useValue: tokenizer });

  const policyDeps: PolicyDeps = {
    vocabSize: tokenizer.vocabSize,
    padId: tokenizer.special.pad,
    eosId: tokenizer.special.eos,
    frames: spec,
    seed: cfg.seed,
  };
  run.register(T.POLICY, { useValue: await registry.create<Policy, PolicyDeps>('policy', cfg.policy, policyDeps, 'policy', cfg.source) });

  if (data.rl.length > 0) {
    const mixer = await registry.create<DataMixer, MixerDeps>('mixer', cfg.mixer, { pool: data.rl }, 'mixer', cfg.source);
    for (const note of (mixer.report() as { shares?: { notes?: string[] } }).shares?.notes ?? []) o.say(`mixer ${mixer.name}: ${note}`);
    run.register(T.MIXER, { useValue: mixer });
  }
  const scorer = await buildScorer(cfg, registry);
  checkScreen(
    cfg.rl,
    scorer.rewards.map((r) => r.plugin.name),
    cfg.source,
  );
  run.register(T.SCORER, { useValue: scorer });
  const evalPlugin = await registry.load<RewardPlugin>('reward', cfg.eval.scorer, 'eval.scorer');
  run.register(T.EVAL_REWARD, { useValue: { plugin: evalPlugin, options: registry.parseOptions(evalPlugin, {}, 'eval.scorer', cfg.source), weight: 1 } });

  const tracker = o.tracker ?? (await registry.create<Tracker, unknown>('tracker', await trackerRef(registry, cfg), {}, 'tracker', cfg.source));
  run.register(T.TRACKER, { useValue: tracker });
  const sink = new MetricSink(tracker);
  run.register(METRIC_SINK, { useValue: sink });
  run.register(STAGE_CONTEXT, { useFactory: (c) => ({ ...stageContext(c, sink.log, o.say), progress: o.progress }) });
  return run;
}

/**
 * One run's lifecycle for command handlers: build its child container, resolve the training job,
 * run `fn` with it, and always free the policy's tensors and the container afterwards.
 */
export async function withTrainJob<T>(root: DependencyContainer, cfg: ResolvedConfig, o: RunOptions, fn: (job: TrainJob) => Promise<T>): Promise<T> {
  const run = await createRunContainer(root, cfg, o);
  try {
    return await fn(run.resolve(TrainJob));
  } finally {
    run.resolve(T.POLICY).dispose();
    await run.dispose();
  }
}

/** Assemble the stage context from a run container (called by the entry object). */
export function stageContext(run: DependencyContainer, log: StageContext['log'], say: StageContext['say']): StageContext {
  const rng = run.resolve(T.RNG);
  const scorer = run.resolve(T.SCORER);
  return {
    cfg: run.resolve(T.CONFIG),
    backend: run.resolve(T.BACKEND),
    tokenizer: run.resolve(T.TOKENIZER),
    policy: run.resolve(T.POLICY),
    mixer: run.isRegistered(T.MIXER, true) ? run.resolve(T.MIXER) : undefined,
    scorer,
    evalReward: run.resolve(T.EVAL_REWARD),
    data: run.resolve(T.DATA),
    rng: { data: rng.fork('data'), sample: rng.fork('sample'), shuffle: rng.fork('shuffle'), policy: rng.fork('policy') },
    log,
    say,
  };
}

/**
 * The tracker a config names, with the defaults the root owns: trackers with a `dir` option write
 * under the run's output folder unless the config names one, and trackers with a `uri` option
 * fall back to the project's `tracking_uri` when neither the config nor MLFLOW_TRACKING_URI set it.
 * The options arrive parsed, so an unset `uri` is the schema's default: MLFLOW_TRACKING_URI or ''.
 */
export async function trackerRef(registry: PluginRegistry, cfg: ResolvedConfig): Promise<{ name: string; options: Record<string, unknown> }> {
  const plugin = await registry.load('tracker', cfg.tracker.name, 'tracker');
  const keys = knownKeysAt(plugin.options, []);
  const options = { ...cfg.tracker.options };
  if (keys.includes('dir') && (options.dir === undefined || options.dir === 'runs')) options.dir = path.resolve(cfg.output);
  if (keys.includes('uri') && (options.uri === undefined || options.uri === '') && cfg.project.tracking_uri) options.uri = cfg.project.tracking_uri;
  return { name: cfg.tracker.name, options };
}

async function loadSplit(
  source: TaskSource,
  split: 'rl' | 'sft' | 'eval',
  spec: FrameSpec,
  o: RunOptions,
  stats: Record<string, unknown>,
  skipped: Record<string, TaskSourceResult['skipped']>,
) {
  const result = await source.load(split, spec);
  if (result.skipped.length > 0) skipped[split] = result.skipped;
  stats[split] = { samples: result.samples.length, skipped: result.skipped.length, ...result.stats };
  const sft = (result.stats as { sft?: { candidates: number; kept: number } } | undefined)?.sft;
  o.say(
    `data: ${source.name} ${split}: ${result.samples.length} samples${sft ? ` (SFT filter kept ${sft.kept} of ${sft.candidates} teacher rationales with accuracy > 0.6)` : ''}`,
  );
  if (result.skipped.length > 0) {
    o.warn(
      `data: ${source.name} ${split}: skipped ${result.skipped.length} sample(s) with broken media, e.g. ${result.skipped[0].path} (problem_id ${result.skipped[0].problem_id}): ${result.skipped[0].reason}`,
    );
  }
  if (result.samples.length === 0) {
    throw new UserError(`data source '${source.name}' gave no samples for split '${split}'`, { where: 'data.source', expected: 'at least one sample' });
  }
  return result.samples;
}

/** The backend plugin the config names; `auto` is a plugin too (it tries tensorflow, wasm, cpu in order). */
function selectBackend(registry: PluginRegistry, requested: ResolvedConfig['backend']): Promise<Backend> {
  return registry.create<Backend, unknown>('backend', { name: requested }, {}, 'backend');
}
