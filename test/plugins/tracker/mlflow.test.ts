import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUserError } from '../../../core/errors';
import { PluginRegistry } from '../../../core/registry/registry';
import trackers from '../../../plugins/tracker';
import mlflow from '../../../plugins/tracker/mlflow';
import { LocalTracker } from '../../../plugins/tracker/local/tracker';
import { MlflowError } from '../../../plugins/tracker/mlflow/http';
import type { MlflowPusher, PushResult } from '../../../plugins/tracker/mlflow/pusher';
import { MlflowTracker } from '../../../plugins/tracker/mlflow/tracker';

describe('mlflow tracker meta', () => {
  const env = process.env.MLFLOW_TRACKING_URI;
  afterEach(() => (env === undefined ? delete process.env.MLFLOW_TRACKING_URI : (process.env.MLFLOW_TRACKING_URI = env)));

  it('defaults parse; the URI defaults to $MLFLOW_TRACKING_URI', () => {
    process.env.MLFLOW_TRACKING_URI = 'http://127.0.0.1:5999';
    expect(mlflow.options.parse({})).toEqual({
      uri: 'http://127.0.0.1:5999',
      dir: 'runs',
      timeout_ms: 10000,
      retries: 3,
      flush_timeout_ms: 30000,
      retry_interval_ms: 5000,
    });
    expect(mlflow.options.safeParse({ retries: -1 }).success).toBe(false);
    expect(typeof mlflow.sync).toBe('function');
  });

  it('creates a tracker (an object that is not a thenable, so awaiting it is safe)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-meta-'));
    const tracker = await new PluginRegistry({ tracker: trackers }).create<{ name: string }, object>(
      'tracker',
      { name: 'mlflow', options: { uri: 'http://127.0.0.1:1', dir } },
      {},
    );
    expect(tracker.name).toBe('mlflow');
    expect('then' in tracker).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });

  it.each([
    { why: 'no URI anywhere', uri: undefined },
    { why: 'a file store path', uri: './mlruns' },
    { why: 'a databricks URI', uri: 'databricks' },
  ])('creating it without a server address is bad input: $why', async ({ uri }) => {
    delete process.env.MLFLOW_TRACKING_URI;
    const registry = new PluginRegistry({ tracker: trackers });
    const e = (await registry.create('tracker', { name: 'mlflow', options: uri === undefined ? {} : { uri } }, {}).catch((err: unknown) => err)) as Error;
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/tracker.options.uri: the mlflow tracker needs the address of a tracking server/);
  });
});

/** A pusher that fails with "server away" while `down` is true (a fake: the queue is under test). */
function fakePusher(dir: string) {
  const state = { down: false, pushes: 0, pushed: new Set<string>() };
  const pusher = {
    dir,
    client: { uri: 'http://mlflow.test' },
    push: async (runId: string): Promise<PushResult> => {
      state.pushes++;
      if (state.down) throw new MlflowError('cannot reach', { endpoint: 'POST x', transient: true, attempts: 1 });
      state.pushed.add(runId);
      const ended = JSON.parse(fs.readFileSync(path.join(dir, runId, 'meta.json'), 'utf8')).status !== 'RUNNING';
      return { runId, remoteRunId: 'r', state: ended ? 'complete' : 'partial', pushed: { params: 0, tags: 0, metrics: 0, artifacts: 0 }, paramConflicts: [] };
    },
  };
  return { pusher: pusher as unknown as MlflowPusher, state };
}

describe('MlflowTracker writes locally first and pushes in the background', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-queue-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('while the server is away it spools, warns once, retries, and catches up on endRun', async () => {
    const { pusher, state } = fakePusher(dir);
    const warnings: string[] = [];
    const tracker = new MlflowTracker(new LocalTracker(dir), pusher, { flushTimeoutMs: 5000, retryIntervalMs: 60_000, warn: (m) => warnings.push(m) });
    state.down = true;
    const id = await tracker.startRun({ experiment: 'e', runName: 'r' });
    for (let i = 0; i < 50; i++) await tracker.logMetrics(id, i, { loss: i });
    await new Promise((r) => setTimeout(r, 20));
    expect(state.pushes).toBe(1); // paused while away: no request per call
    expect(warnings.filter((w) => w.includes('cannot reach'))).toHaveLength(1);
    expect(
      fs
        .readFileSync(path.join(dir, id, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(50);
    setTimeout(() => (state.down = false), 300);
    await tracker.endRun(id, 'FINISHED');
    expect(tracker.isComplete(id)).toBe(true);
    expect(warnings.some((w) => w.includes('reachable again'))).toBe(true);
  });

  it('flush gives up after its bounded wait and says how to finish with videor1 sync', async () => {
    const { pusher, state } = fakePusher(dir);
    const warnings: string[] = [];
    const tracker = new MlflowTracker(new LocalTracker(dir), pusher, { flushTimeoutMs: 300, retryIntervalMs: 100, warn: (m) => warnings.push(m) });
    state.down = true;
    const id = await tracker.startRun({ experiment: 'e', runName: 'r' });
    const t0 = Date.now();
    await tracker.endRun(id, 'FAILED');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(tracker.isComplete(id)).toBe(false);
    expect(warnings.at(-1)).toContain(`videor1 sync ${id}`);
    const t1 = Date.now();
    await tracker.flush(); // the wait was spent on endRun: no second wait while still away
    expect(Date.now() - t1).toBeLessThan(150);
  });

  it('a run that cannot be pushed (permanent error) is left alone, not retried forever', async () => {
    const { pusher, state } = fakePusher(dir);
    const warnings: string[] = [];
    (pusher as unknown as { push: () => Promise<never> }).push = async () => {
      state.pushes++;
      throw new MlflowError('experiment is deleted', { endpoint: 'x', transient: false, attempts: 1 });
    };
    const tracker = new MlflowTracker(new LocalTracker(dir), pusher, { flushTimeoutMs: 1000, retryIntervalMs: 50, warn: (m) => warnings.push(m) });
    const id = await tracker.startRun({ experiment: 'e', runName: 'r' });
    await tracker.logMetrics(id, 0, { a: 1 });
    await tracker.endRun(id, 'FINISHED');
    expect(state.pushes).toBe(1);
    expect(warnings[0]).toMatch(/cannot be pushed \(experiment is deleted\)/);
  });
});
