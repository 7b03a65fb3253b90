/**
 * `ablations/smoke.yaml --executor slurm` against a real single-node Slurm (.ci/slurm.sh, started
 * by .ci/run; SLURM_CONF points at it) and a real MLflow server: every cell finishes as a task of
 * one job array and the grid lands in MLflow as one parent run with a child per cell. A cell whose
 * process is stopped from outside (SIGTERM, as a preemption does) is submitted again.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MlflowClient } from '../../plugins/tracker/mlflow/client';
import { cli, REPO } from '../support/cli';
import { sharedServer, uniqueName } from '../support/mlflow-server';

const slurmUp = (): boolean => !!process.env.SLURM_CONF && spawnSync('sinfo', ['-h'], { encoding: 'utf8', env: process.env }).status === 0;
// CI starts the cluster (.ci/run sources .ci/slurm.sh); elsewhere the test needs `. .ci/slurm.sh && slurm_start` (root)
const suite = slurmUp() || process.env.CI ? describe : describe.skip;

suite('grid on a real Slurm', () => {
  let server: { uri: string; close(): Promise<void> };
  beforeAll(async () => {
    if (!slurmUp()) throw new Error('no Slurm cluster: SLURM_CONF is unset or sinfo fails (.ci/slurm.sh slurm_start)');
    server = await sharedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('runs ablations/smoke.yaml as one job array into MLflow: one parent, a child per cell', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-slurm-'));
    const name = uniqueName('grid-slurm');
    const g = await cli(
      [
        'grid',
        path.join(REPO, 'ablations', 'smoke.yaml'),
        '--executor',
        'slurm',
        '--parallel',
        '2',
        '--executor-option',
        'poll_s=1',
        '--json',
        '--set',
        `name=${name}`,
        '--set',
        'rl.steps=1',
        '--set',
        'sft.steps=1',
        '--set',
        `tracker={name: mlflow, options: {uri: "${server.uri}", experiment: "${name}"}}`,
      ],
      dir,
    );
    expect(g.stderr).toBe('');
    expect(g.code).toBe(0);
    const out = JSON.parse(g.stdout) as { cells: { status: string; run_id: string }[] };
    expect(out.cells.map((c) => c.status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED', 'FINISHED']);

    const client = new MlflowClient({ uri: server.uri, timeoutMs: 10_000, retries: 2 });
    const experiment = await client.getExperimentByName(name);
    expect(experiment).toBeDefined();
    const runs = await client.searchRuns({ experimentIds: [experiment!.experiment_id] });
    const parents = runs.filter((r) => !r.data.tags?.some((t) => t.key === 'mlflow.parentRunId'));
    expect(parents).toHaveLength(1);
    const ptags = Object.fromEntries((parents[0].data.tags ?? []).map((t) => [t.key, t.value]));
    expect(ptags['ablation.executor']).toBe('slurm');
    const children = runs.filter((r) => r.data.tags?.some((t) => t.key === 'mlflow.parentRunId' && t.value === parents[0].info.run_id));
    expect(children).toHaveLength(4);
    for (const c of children) {
      expect(c.info.status).toBe('FINISHED');
      const tags = Object.fromEntries((c.data.tags ?? []).map((t) => [t.key, t.value]));
      expect(tags['videor1.config_hash']).toMatch(/^[0-9a-f]{16}$/);
      expect(tags['ablation.grid_id']).toBe(ptags['ablation.grid_id']);
      expect(tags['videor1.sft_cache']).toMatch(/^[0-9a-f]{24}$/);
    }
    // four cells, two seeds: two cold starts, each shared by the two variants of its seed
    const keys = children.map((c) => c.data.tags!.find((t) => t.key === 'videor1.sft_cache')!.value);
    expect(new Set(keys).size).toBe(2);
  }, 600_000);

  it('submits a cell again when its process is stopped from outside (preemption)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-slurm-requeue-'));
    fs.writeFileSync(
      path.join(dir, 'g.yaml'),
      `name: requeue\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [0]\nvariants:\n  a: {}\nset: [rl.steps=20, sft.steps=1, eval.limit=1]\n`,
    );
    const running = cli(['grid', 'g.yaml', '--executor', 'slurm', '--executor-option', 'poll_s=1', '--json'], dir);
    // once the cell's run is RUNNING, SIGTERM its job step as a preempting scheduler does
    const runs = path.join(dir, 'runs');
    const isRunning = () =>
      fs.existsSync(runs) &&
      fs
        .readdirSync(runs)
        .some((d) => /"status":\s*"RUNNING"/.test(readSafe(path.join(runs, d, 'meta.json'))) && /"parentId"/.test(readSafe(path.join(runs, d, 'meta.json'))));
    for (let i = 0; i < 1500 && !isRunning(); i++) await new Promise((r) => setTimeout(r, 200));
    const queue = spawnSync('squeue', ['-h', '-o', '%i %j'], { encoding: 'utf8', env: process.env }).stdout.trim().split('\n');
    const job = queue
      .filter((l) => / videor1-requeue-[0-9a-f]{8}$/.test(l))
      .map((l) => l.split(' ')[0])
      .pop();
    expect(job).toBeDefined();
    spawnSync('scancel', ['--signal=TERM', '--full', job!], { env: process.env });
    const g = await running;
    expect(g.code).toBe(0);
    const out = JSON.parse(g.stdout) as { cells: { status: string; requeues?: number }[] };
    expect(out.cells[0]).toMatchObject({ status: 'FINISHED', requeues: 1 });
  }, 600_000);
});

function readSafe(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
