/**
 * The whole path a researcher uses: `videor1 grid` with the mlflow tracker, against a real MLflow
 * server. The grid lands as one parent run with a child per cell, nested by tags.mlflow.parentRunId,
 * each child carrying the flattened config as params and the training metrics.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MlflowClient } from '../../plugins/tracker/mlflow/client';
import { cli, REPO } from '../support/cli';
import { uniqueName, useSharedServer } from '../support/mlflow-server';

const server = useSharedServer();

it('logs an ablation grid to MLflow as a parent run with nested children', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-mlflow-'));
  const name = uniqueName('grid');
  fs.writeFileSync(
    path.join(dir, 'grid.yaml'),
    `name: ${name}\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [0]\nvariants:\n  t-grpo: {}\n  wo-temporal:\n    advantage: { name: grpo }\nset:\n  - rl.steps=1\n  - sft.steps=1\n  - eval.limit=1\n  - 'tracker={name: mlflow, options: {uri: "${server.uri}"}}'\n`,
  );
  const g = await cli(['grid', 'grid.yaml', '--json'], dir);
  expect(g.stderr).toBe('');
  expect(g.code).toBe(0);

  const client = new MlflowClient({ uri: server.uri, timeoutMs: 10_000, retries: 2 });
  const experiment = await client.getExperimentByName(name);
  expect(experiment).toBeDefined();
  const runs = await client.searchRuns({ experimentIds: [experiment!.experiment_id] });
  const parents = runs.filter((r) => !r.data.tags?.some((t) => t.key === 'mlflow.parentRunId'));
  expect(parents).toHaveLength(1);
  const children = await client.searchRuns({ experimentIds: [experiment!.experiment_id], filter: `tags.mlflow.parentRunId = '${parents[0].info.run_id}'` });
  expect(children).toHaveLength(2);
  for (const c of children) {
    expect(c.info.status).toBe('FINISHED');
    const params = Object.fromEntries((c.data.params ?? []).map((p) => [p.key, p.value]));
    expect(params['rl.steps']).toBe('1');
    expect(['t-grpo', 'grpo']).toContain(params['advantage.name']);
    const metricKeys = (c.data.metrics ?? []).map((m) => m.key);
    expect(metricKeys).toEqual(expect.arrayContaining(['reward', 'policy_loss', 'eval/temporal/acc']));
  }
});
