/**
 * The composition root's run container, with one token overridden in a child container
 * (docs/style.md §5): the overrides must be what the stages and the job receive.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import type { Policy } from '../../core/contracts/policy';
import type { Tracker } from '../../core/contracts/tracker';
import { resolveConfig } from '../../core/config/load';
import { resolvePlugins } from '../../core/config/plugins';
import { TrainJob } from '../../core/jobs/train';
import { PluginRegistry } from '../../core/registry/registry';
import { createRoot, createRunContainer } from '../../core/root';
import { RlStage } from '../../core/stages/rl';
import * as T from '../../core/tokens';
import { builtinPlugins } from '../../plugins';
import { REPO } from '../support/cli';

jest.setTimeout(120_000);

const quiet = { say: () => undefined, warn: () => undefined };

/** The smoke experiment at the smallest budget: no SFT, one RL step, no evaluation, the cpu backend. */
async function tinyRun(): Promise<DependencyContainer> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-child-'));
  const sets = [
    'backend=cpu',
    `output=${out}`,
    'sft.steps=0',
    'rl.steps=1',
    'rl.prompts_per_step=2',
    'rl.group_size=2',
    'rl.max_new_tokens=4',
    'eval.enabled=false',
    'data.source.options.rl_samples=8',
    'data.source.options.sft_samples=0',
    'data.source.options.eval_samples=1',
  ];
  const registry = new PluginRegistry(builtinPlugins);
  const cfg = await resolvePlugins(await resolveConfig(path.join(REPO, 'experiments', 'smoke.yaml'), sets), registry);
  return createRunContainer(createRoot(registry), cfg, quiet);
}

/** A tracker that records every call and stores nothing. */
function recordingTracker(): Tracker & { calls: { method: string; args: unknown[] }[] } {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, ret?: unknown) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return ret as never;
    };
  return {
    name: 'recording',
    calls,
    startRun: record('startRun', 'fake-run-1'),
    logParams: record('logParams'),
    logMetrics: record('logMetrics'),
    setTags: record('setTags'),
    logArtifact: record('logArtifact'),
    endRun: record('endRun'),
    flush: record('flush'),
  };
}

describe('the run child container', () => {
  let run: DependencyContainer;
  beforeAll(async () => {
    run = await tinyRun();
  });
  afterAll(async () => {
    run.resolve(T.POLICY).dispose();
    await run.dispose();
  });

  it('gives a train job resolved in a child with a fake tracker every tracking call, and the run container’s tracker none', async () => {
    const fake = recordingTracker();
    const child = run.createChildContainer();
    child.register(T.TRACKER, { useValue: fake });
    const real = run.resolve(T.TRACKER);
    const realLog = jest.spyOn(real, 'logMetrics');
    const result = await child.resolve(TrainJob).run();
    expect(result.runId).toBe('fake-run-1');
    const methods = fake.calls.map((c) => c.method);
    expect(methods[0]).toBe('startRun');
    expect(methods.slice(-2)).toEqual(['endRun', 'flush']);
    expect(fake.calls.find((c) => c.method === 'endRun')?.args).toEqual(['fake-run-1', 'FINISHED']);
    // the RL step's metrics reached the fake through the metric log, at step 1
    const logged = fake.calls.filter((c) => c.method === 'logMetrics');
    expect(logged).toHaveLength(1);
    const [runId, step, metrics] = logged[0].args as [string, number, Record<string, number>];
    expect([runId, step]).toEqual(['fake-run-1', 1]);
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['reward', 'frac_reward_zero_std', 'policy_loss', 'grad_norm']));
    expect(realLog).not.toHaveBeenCalled();
  });

  it('gives an RL stage resolved in a child with a fake policy the step’s sampling and update calls', async () => {
    const policy = run.resolve(T.POLICY);
    const calls: string[] = [];
    // a fake that records each call and delegates to the real policy (its tensors stay the real one's)
    const fake = new Proxy(policy, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(key));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as Policy;
    const child = run.createChildContainer();
    child.register(T.POLICY, { useValue: fake });
    child.register(T.METRICS, { useValue: { log: async () => undefined } as never });
    const last = await child.resolve(RlStage).run();
    expect(calls).toEqual(expect.arrayContaining(['snapshotReference', 'resetOptimizer', 'sampleBatches', 'rlStep']));
    expect(calls.filter((c) => c === 'rlStep')).toHaveLength(1);
    expect(Number.isFinite(last.policy_loss)).toBe(true);
  });
});
