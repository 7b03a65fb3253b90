/**
 * Against a real MLflow server (CI's when MLFLOW_TRACKING_URI is set, else one started from the
 * venv): what the mlflow tracker logs reads back exactly, grids nest, params are write-once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MetricPoint, Tracker } from '../../core/contracts/tracker';
import { TrackerRejectedError } from '../../plugins/tracker/errors';
import { readLedgers } from '../../plugins/tracker/local/ledger';
import { readRun } from '../../plugins/tracker/local/reader';
import { downloadArtifact, listArtifactFiles } from '../../plugins/tracker/mlflow/artifacts';
import { MlflowClient } from '../../plugins/tracker/mlflow/client';
import { MlflowError } from '../../plugins/tracker/mlflow/http';
import { mlflowTracker, uniqueName, useSharedServer } from '../support/mlflow-server';

const server = useSharedServer();
let client: MlflowClient;
let dir: string;
let tracker: Tracker;

beforeAll(async () => {
  client = new MlflowClient({ uri: server.uri, timeoutMs: 10_000, retries: 2 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-it-'));
  tracker = await mlflowTracker(server.uri, dir);
});
afterAll(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function remoteId(runId: string): Promise<string> {
  const [ledger] = (await readLedgers(dir, runId)).filter((l) => l.uri === client.uri);
  expect(ledger?.state).toBe('complete');
  return ledger.remoteRunId!;
}

const byStep = (a: MetricPoint, b: MetricPoint) => a.step - b.step || a.timestamp - b.timestamp;

describe('the mlflow tracker against a real server', () => {
  it("a run's params, 5000 metric points, tags and an artifact folder read back exactly", async () => {
    const experiment = uniqueName('roundtrip');
    const id = await tracker.startRun({ experiment, runName: 'roundtrip', tags: { 'ablation.grid': 'it', 'mlflow.note.content': '# a note' } });
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`cfg.p${i}`, `v${i}`])); // > 100 per batch
    await tracker.logParams(id, params);
    const keys = ['reward', 'kl', 'temporal/p', 'rewards/accuracy/mean', 'eval/bench/acc'];
    const t0 = 1_750_000_000_000;
    for (let step = 0; step < 1000; step++) {
      const odd = step === 7 ? NaN : step === 8 ? Infinity : step === 9 ? -Infinity : Math.sin(step) * 1e3;
      await tracker.logMetrics(id, step, Object.fromEntries(keys.map((k, i) => [k, i === 0 ? odd : step * (i + 1) + 0.25])), t0 + step);
    }
    await tracker.setTags(id, { 'videor1.stage': 'rl' });
    const art = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-art-'));
    fs.mkdirSync(path.join(art, 'plots', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(art, 'resolved.json'), JSON.stringify({ a: 1 }));
    fs.writeFileSync(path.join(art, 'plots', 'deep', 'curve.bin'), Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251)));
    fs.writeFileSync(path.join(art, 'plots', 'name with space.txt'), 'spaces ok');
    fs.writeFileSync(path.join(art, 'empty.txt'), '');
    await tracker.logArtifact(id, art, 'report');
    fs.rmSync(art, { recursive: true });
    await tracker.endRun(id, 'FINISHED');

    const local = await readRun(dir, id);
    expect(local.metrics).toHaveLength(5000);
    const run = await client.getRun(await remoteId(id));
    expect(run.info).toMatchObject({ status: 'FINISHED', run_name: 'roundtrip' });
    expect(Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]))).toEqual(params);
    const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({
      'ablation.grid': 'it',
      'mlflow.note.content': '# a note',
      'videor1.stage': 'rl',
      'videor1.sync': 'complete',
      'mlflow.runName': 'roundtrip',
      'mlflow.source.type': 'LOCAL',
      'mlflow.user': local.meta.source.user,
      'videor1.local_run_id': id,
    });
    for (const key of keys) {
      const remote = await client.getMetricHistory(run.info.run_id, key, 300); // several pages per key
      expect(remote.sort(byStep)).toEqual(local.metrics.filter((m) => m.key === key).sort(byStep));
    }
    const files = await listArtifactFiles(client.http, run.info.run_id);
    expect(files.map((f) => f.path)).toEqual(local.artifacts);
    for (const f of files) {
      const bytes = await downloadArtifact(client.http, run.info.artifact_uri, f.path);
      expect(bytes.equals(fs.readFileSync(path.join(local.dir, 'artifacts', f.path)))).toBe(true);
    }
  });

  it('a parent run with three children nests (children found by tags.mlflow.parentRunId)', async () => {
    const experiment = uniqueName('grid');
    const parent = await tracker.startRun({ experiment, runName: 'ablate-grid', tags: { 'ablation.grid': 'g' } });
    const children: string[] = [];
    for (const lr of ['1e-3', '1e-4', '1e-5']) {
      const child = await tracker.startRun({ experiment, runName: `lr=${lr}`, parentRunId: parent, tags: { 'ablation.variant': lr } });
      await tracker.logParams(child, { lr });
      await tracker.logMetrics(child, 0, { 'best/val_acc': Number(lr) * 1000 });
      await tracker.endRun(child, 'FINISHED');
      children.push(child);
    }
    await tracker.endRun(parent, 'FINISHED');
    const parentRemote = await remoteId(parent);
    const experimentId = (await client.getExperimentByName(experiment))!.experiment_id;
    const found = await client.searchRuns({
      experimentIds: [experimentId],
      filter: `tags.mlflow.parentRunId = '${parentRemote}'`,
      orderBy: ['metrics.`best/val_acc` DESC'],
      maxResults: 2,
    });
    expect(found.map((r) => r.info.run_name)).toEqual(['lr=1e-3', 'lr=1e-4', 'lr=1e-5']);
    expect(found.map((r) => r.info.run_id).sort()).toEqual((await Promise.all(children.map(remoteId))).sort());
  });

  it('re-logging a param with another value gives a clear error, not a crash of the run', async () => {
    const id = await tracker.startRun({ experiment: uniqueName('params'), runName: 'write-once' });
    await tracker.logParams(id, { lr: '0.001' });
    const e = await tracker.logParams(id, { lr: '0.002', seed: '7' }).catch((err) => err);
    expect(e).toBeInstanceOf(TrackerRejectedError);
    expect(e.message).toContain(`run ${id}: 1 param not stored: 'lr' was already logged as "0.001"; not changed to "0.002"`);
    await tracker.logMetrics(id, 0, { loss: 1 });
    await tracker.endRun(id, 'FINISHED');
    const run = await client.getRun(await remoteId(id));
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.params).toEqual(
      expect.arrayContaining([
        { key: 'lr', value: '0.001' },
        { key: 'seed', value: '7' },
      ]),
    );
    expect(run.data.tags).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'videor1.rejected.param.lr' })]));

    // The server says the same, with MLflow's error code kept on a typed error.
    const direct = await client.logBatch(run.info.run_id, { params: { lr: '0.003' } }).catch((err) => err);
    expect(direct).toBeInstanceOf(MlflowError);
    expect(direct).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE', transient: false });
    expect(direct.message).toContain('Changing param values is not allowed');
  });

  it('experiments: get-or-create is race-safe; a deleted one is a clear error', async () => {
    const name = uniqueName('race');
    const ids = await Promise.all(Array.from({ length: 5 }, () => client.getOrCreateExperiment(name)));
    expect(new Set(ids).size).toBe(1);
    await client.deleteExperiment(ids[0]);
    await expect(client.getOrCreateExperiment(name)).rejects.toThrow(/is deleted: restore it/);
    await client.restoreExperiment(ids[0]);
    await expect(client.getOrCreateExperiment(name)).resolves.toBe(ids[0]);
  });
});
