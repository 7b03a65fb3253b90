/**
 * Nothing is lost when the MLflow server goes away: a server killed mid-run and started again on
 * the same store ends up holding every point the local store holds, and `videor1 sync` pushes a
 * run made while no server was up. These tests own their server (they kill it).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliContext } from '../../core/cli/command';
import sync, { type SyncReport } from '../../core/cli/commands/sync';
import { freePort } from '../../core/cli/commands/mlflow';
import type { MetricPoint, Tracker } from '../../core/contracts/tracker';
import { PluginRegistry } from '../../core/registry/registry';
import trackers from '../../plugins/tracker';
import { readLedgers } from '../../plugins/tracker/local/ledger';
import { readRun } from '../../plugins/tracker/local/reader';
import { listArtifactFiles } from '../../plugins/tracker/mlflow/artifacts';
import { MlflowClient } from '../../plugins/tracker/mlflow/client';
import { startTestServer, uniqueName, type TestServer } from '../support/mlflow-server';

let server: TestServer;
let client: MlflowClient;
let dir: string;
const registry = new PluginRegistry({ tracker: trackers });

beforeAll(async () => {
  server = await startTestServer();
  client = new MlflowClient({ uri: server.uri, timeoutMs: 10_000, retries: 2 });
});
afterAll(async () => {
  await server?.stop();
  if (server) fs.rmSync(server.store, { recursive: true, force: true });
});
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-outage-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function mlflowTracker(uri: string, options: Record<string, unknown> = {}): Promise<Tracker> {
  return registry.create<Tracker, object>('tracker', { name: 'mlflow', options: { uri, dir, ...options } }, {});
}

const sortPoints = (ps: MetricPoint[]) => [...ps].sort((a, b) => a.key.localeCompare(b.key) || a.step - b.step || a.timestamp - b.timestamp);

/** Every local point of a run is in MLflow, once. */
async function expectAllPointsInMlflow(localId: string, remoteId: string): Promise<void> {
  const local = await readRun(dir, localId);
  const keys = [...new Set(local.metrics.map((m) => m.key))];
  const remote: MetricPoint[] = [];
  for (const key of keys) remote.push(...(await client.getMetricHistory(remoteId, key, 1000)));
  expect(remote).toHaveLength(local.metrics.length);
  expect(sortPoints(remote)).toEqual(sortPoints(local.metrics));
}

async function ledgerFor(runId: string) {
  return (await readLedgers(dir, runId)).find((l) => l.uri === client.uri);
}

describe('nothing is lost when the MLflow server goes away', () => {
  it('the server is killed mid-run and started again on the same store: MLflow ends up with every point', async () => {
    const warnings: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((t) => (warnings.push(String(t)), true));
    const tracker = await mlflowTracker(server.uri, { retries: 1, timeout_ms: 3000, retry_interval_ms: 500, flush_timeout_ms: 60_000 });
    const id = await tracker.startRun({ experiment: uniqueName('outage'), runName: 'killed-mid-run' });
    await tracker.logParams(id, { lr: '0.001' });
    const log = async (from: number, to: number) => {
      for (let step = from; step < to; step++)
        await tracker.logMetrics(id, step, { loss: 1 / (step + 1), reward: step % 7, kl: step === 150 ? NaN : step * 1e-3 });
    };
    await log(0, 150);
    await server.kill(); // pushes may be in flight
    await log(150, 300); // spooled
    await tracker.setTags(id, { phase: 'during outage' });
    const art = path.join(dir, 'out.txt');
    fs.writeFileSync(art, 'written while the server was down');
    await tracker.logArtifact(id, art);
    server = await server.restart();
    await log(300, 400);
    await tracker.endRun(id, 'FINISHED');
    stderr.mockRestore();

    const ledger = await ledgerFor(id);
    expect(ledger).toMatchObject({ state: 'complete', metricPoints: 1200, ended: 'FINISHED' });
    await expectAllPointsInMlflow(id, ledger!.remoteRunId!);
    const run = await client.getRun(ledger!.remoteRunId!);
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'phase', value: 'during outage' },
        { key: 'videor1.sync', value: 'complete' },
      ]),
    );
    expect((await listArtifactFiles(client.http, run.info.run_id)).map((f) => f.path)).toEqual(['out.txt']);
    expect(warnings.join('')).toMatch(/cannot reach .*spooling/);
    expect(warnings.join('')).toMatch(/reachable again/);
  });

  it('videor1 sync pushes a run made while the server was down, complete, without duplicates', async () => {
    const down = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const tracker = await mlflowTracker(down, { retries: 0, timeout_ms: 1000, flush_timeout_ms: 300, retry_interval_ms: 600_000 });
    const experiment = uniqueName('offline');
    const parent = await tracker.startRun({ experiment, runName: 'offline-grid' });
    const child = await tracker.startRun({ experiment, runName: 'offline-child', parentRunId: parent, tags: { 'ablation.variant': 'a' } });
    await tracker.logParams(child, Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`p${i}`, String(i)])));
    for (let step = 0; step < 1500; step++) await tracker.logMetrics(child, step, { loss: Math.cos(step), reward: step === 3 ? Infinity : step });
    fs.writeFileSync(path.join(dir, 'cfg.json'), '{"x":1}');
    await tracker.logArtifact(child, path.join(dir, 'cfg.json'), 'config');
    await tracker.endRun(child, 'FINISHED');
    await tracker.endRun(parent, 'FINISHED');
    stderr.mockRestore();
    expect((await readLedgers(dir, child)).every((l) => !l.remoteRunId)).toBe(true);

    const out: string[] = [];
    const errors: string[] = [];
    const ctx: CliContext = { cwd: dir, out: (t) => out.push(t), err: (t) => errors.push(t), registry };
    const args = { dir: '.', uri: server.uri, tracker: 'mlflow', json: true };
    expect(await sync.handler({ ...args, runs: [] }, ctx)).toBe(0);
    const report = JSON.parse(out.join('\n')) as SyncReport;
    expect(report.uri).toBe(server.uri);
    expect(report.runs.map((r) => [r.id, r.state])).toEqual([
      [parent, 'complete'],
      [child, 'complete'],
    ]); // parent first
    expect(report.runs[1].pushed).toEqual({ params: 120, tags: 1, metrics: 3000, artifacts: 1 });

    const childRemote = (await ledgerFor(child))!.remoteRunId!;
    const parentRemote = (await ledgerFor(parent))!.remoteRunId!;
    await expectAllPointsInMlflow(child, childRemote);
    const run = await client.getRun(childRemote);
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.params).toHaveLength(120);
    expect(run.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'mlflow.parentRunId', value: parentRemote },
        { key: 'videor1.sync', value: 'complete' },
      ]),
    );

    // Again: nothing left to do; naming the runs sends nothing new.
    out.length = 0;
    expect(await sync.handler({ ...args, runs: [], json: false }, ctx)).toBe(0);
    expect(out.join('\n')).toMatch(/nothing to sync/);
    out.length = 0;
    expect(await sync.handler({ ...args, runs: [child, parent] }, ctx)).toBe(0);
    const again = JSON.parse(out.join('\n')) as SyncReport;
    expect(again.runs.map((r) => r.pushed)).toEqual([
      { params: 0, tags: 0, metrics: 0, artifacts: 0 },
      { params: 0, tags: 0, metrics: 0, artifacts: 0 },
    ]);
    await expectAllPointsInMlflow(child, childRemote);
    expect(errors).toEqual([]);
  });

  it('sync after a lost ledger adopts the remote run it made before and adds no duplicate points', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const tracker = await mlflowTracker(server.uri);
    const id = await tracker.startRun({ experiment: uniqueName('ledger'), runName: 'lost-ledger' });
    await tracker.logParams(id, { seed: '1' });
    for (let step = 0; step < 50; step++) await tracker.logMetrics(id, step, { loss: step });
    await tracker.endRun(id, 'FINISHED');
    stderr.mockRestore();
    const remote = (await ledgerFor(id))!.remoteRunId!;
    fs.rmSync(path.join(dir, id, 'mlflow.json'));

    const out: string[] = [];
    const ctx: CliContext = { cwd: dir, out: (t) => out.push(t), err: () => undefined, registry };
    expect(await sync.handler({ dir: '.', uri: server.uri, tracker: 'mlflow', json: true, runs: [id] }, ctx)).toBe(0);
    const report = JSON.parse(out.join('\n')) as SyncReport;
    expect(report.runs[0]).toMatchObject({ state: 'complete', remoteRunId: remote, pushed: { metrics: 50, params: 1 } });
    await expectAllPointsInMlflow(id, remote); // resent points were exact duplicates: skipped by the server
  });

  it('sync: an unknown run or a missing server address is bad input (exit 2)', async () => {
    const errors: string[] = [];
    const ctx: CliContext = { cwd: dir, out: () => undefined, err: (t) => errors.push(t), registry };
    expect(await sync.handler({ dir: '.', uri: server.uri, tracker: 'mlflow', runs: ['nope'] }, ctx)).toBe(2);
    expect(errors.pop()).toMatch(/no such run in .*: nope/);
    expect(await sync.handler({ dir: '.', uri: 'not a url', tracker: 'mlflow' }, ctx)).toBe(2);
    expect(errors.pop()).toMatch(/needs the address of a tracking server/);
  });

  it('sync: a server that cannot be reached fails the sync (exit 1) and leaves the runs for next time', async () => {
    const local = await registry.create<Tracker, object>('tracker', { name: 'local', options: { dir } }, {});
    for (const name of ['a', 'b']) await local.endRun(await local.startRun({ experiment: 'e', runName: name }), 'FINISHED');
    const out: string[] = [];
    const ctx: CliContext = { cwd: dir, out: (t) => out.push(t), err: () => undefined, registry };
    const down = `http://127.0.0.1:${await freePort()}`;
    expect(await sync.handler({ dir: '.', uri: down, tracker: 'mlflow', json: true }, ctx)).toBe(1);
    const report = JSON.parse(out.join('\n')) as SyncReport;
    expect(report.runs.map((r) => r.state)).toEqual(['error', 'error']);
    expect(report.runs[0].note).toMatch(/ECONNREFUSED/);
    expect(report.runs[1].note).toMatch(/not tried: .* unreachable/);
  });
});
