/**
 * `videor1 grid --resume` with the mlflow tracker, against a real MLflow server: a cell whose
 * FINISHED run is only in MLflow (the local output folder was lost) is skipped and its metrics
 * reused; a child left RUNNING there by a process that is gone is ended KILLED on the server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunReader, Tracker } from '../../core/contracts/tracker';
import { findResumable } from '../../core/grid/resume';
import { listRuns } from '../../plugins/tracker/local/reader';
import { MlflowClient } from '../../plugins/tracker/mlflow/client';
import { MlflowRunReader } from '../../plugins/tracker/mlflow/reader';
import { cli, REPO } from '../support/cli';
import { uniqueName, useSharedServer } from '../support/mlflow-server';

const server = useSharedServer();

it('a grid whose local store was deleted resumes from MLflow: its finished cell is skipped, with its metrics', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-mlresume-'));
  const name = uniqueName('grid-resume');
  fs.writeFileSync(
    path.join(dir, 'grid.yaml'),
    `name: ${name}\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [0]\nvariants:\n  t-grpo: {}\nset:\n  - rl.steps=1\n  - sft.steps=1\n  - eval.limit=1\n  - output=${path.join(dir, 'out')}\n  - 'tracker={name: mlflow, options: {uri: "${server.uri}"}}'\n`,
  );
  const first = await cli(['grid', 'grid.yaml', '--json'], dir);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const cell = (JSON.parse(first.stdout) as { cells: { status: string; run_id: string; metrics: Record<string, number> }[] }).cells[0];
  expect(cell.status).toBe('FINISHED');

  fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true }); // the local store is gone
  const second = await cli(['grid', 'grid.yaml', '--json', '--resume'], dir);
  expect(second.stderr).toBe('');
  expect(second.code).toBe(0);
  const again = (JSON.parse(second.stdout) as { cells: { status: string; run_id: string; resumed?: boolean; metrics: Record<string, number> }[] }).cells;
  expect(again).toHaveLength(1);
  expect(again.filter((c) => c.resumed)).toHaveLength(1); // cells skipped, counted
  expect(again[0]).toMatchObject({ status: 'FINISHED', resumed: true });
  expect(again[0].run_id).toMatch(/^[0-9a-f]{32}$/); // the MLflow run, not a local one
  expect(again[0].metrics['eval/temporal/acc']).toBeCloseTo(cell.metrics['eval/temporal/acc']);
  // nothing ran again: the local store holds the new parent run only
  const local = await listRuns(path.join(dir, 'out'));
  expect(local).toHaveLength(1);
  expect(local[0].parentId).toBeUndefined();
}, 300_000);

it('findResumable against MLflow: seeded children, FINISHED reused, RUNNING ended KILLED, other grids and hash-less runs ignored', async () => {
  const client = new MlflowClient({ uri: server.uri, timeoutMs: 10_000, retries: 2 });
  const experimentId = await client.getOrCreateExperiment(uniqueName('resume-seeded'));
  const grid = uniqueName('g');
  const parent = await client.createRun({ experimentId, runName: 'parent', tags: { 'ablation.grid_id': grid } });
  const child = async (runName: string, t: Record<string, string>, end?: 'FINISHED') => {
    const info = await client.createRun({ experimentId, runName, tags: { 'mlflow.parentRunId': parent.run_id, ...t } });
    await client.logBatch(info.run_id, {
      metrics: [
        { key: 'eval/temporal/acc', value: 0.25, step: 1, timestamp: Date.now() },
        { key: 'eval/temporal/acc', value: 0.75, step: 2, timestamp: Date.now() },
      ],
    });
    if (end) await client.updateRun({ runId: info.run_id, status: end, endTime: Date.now() });
    return info.run_id;
  };
  const done = await child('done', { 'ablation.grid_id': grid, 'videor1.config_hash': 'hashF' }, 'FINISHED');
  const running = await child('running', { 'ablation.grid_id': grid, 'videor1.config_hash': 'hashR' });
  await child('nohash', { 'ablation.grid_id': grid }, 'FINISHED');
  await child('other-grid', { 'ablation.grid_id': `${grid}-other`, 'videor1.config_hash': 'hashO' }, 'FINISHED');

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-resume-seeded-'));
  const dirs = new Map(['hashF', 'hashR', 'hashO'].map((h) => [h, path.join(root, h)]));
  const empty: RunReader = { list: async () => [], read: async () => Promise.reject(new Error('none')) };
  const ended: string[] = [];
  const tracker = { endRun: async (id: string) => void ended.push(id) } as unknown as Tracker;
  const r = await findResumable([empty, new MlflowRunReader(client)], tracker, grid, dirs);
  expect([...r.finished.entries()]).toEqual([['hashF', { runId: done, metrics: { 'eval/temporal/acc': 0.75 } }]]);
  expect(r.killed).toEqual([running]);
  expect(ended).toEqual([]);
  expect((await client.getRun(running)).info.status).toBe('KILLED');
});
