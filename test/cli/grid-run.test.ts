/**
 * `videor1 grid` end to end with the local executor: cells run as their own processes; a failing
 * cell leaves the grid finished-with-failures while the others complete; --resume skips finished
 * cells (counted in the store) and runs again a cell whose run a dead process left RUNNING.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO } from '../support/cli';

interface Cell {
  name: string;
  status: string;
  config_hash: string;
  run_id?: string;
  error?: string;
  resumed?: boolean;
}

function store(dir: string): { id: string; parentId?: string; status: string; tags: Record<string, string> }[] {
  const runs = path.join(dir, 'runs');
  return fs
    .readdirSync(runs)
    .filter((d) => fs.existsSync(path.join(runs, d, 'meta.json')))
    .sort()
    .map((d) => ({
      ...JSON.parse(fs.readFileSync(path.join(runs, d, 'meta.json'), 'utf8')),
      tags: JSON.parse(fs.readFileSync(path.join(runs, d, 'tags.json'), 'utf8')),
    }));
}

const runsOfCell = (dir: string, hash: string) => store(dir).filter((r) => r.tags['videor1.config_hash'] === hash);

it('a failing cell is FAILED and the others finish; --resume skips finished cells and reruns dead RUNNING ones', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-run-'));
  fs.writeFileSync(
    path.join(dir, 'boom.ts'),
    `import { defineReward, z } from '${path.join(REPO, 'core', 'public')}';\nexport default defineReward({ name: 'boom', description: 'Fail on purpose', range: [0, 1], options: z.object({}), score: () => { throw new Error('boom: this reward always fails'); } });\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'g.yaml'),
    `name: fails\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nbaseline: ok\nseeds: [0]\nvariants:\n  ok: {}\n  boom:\n    plugins: [${path.join(dir, 'boom.ts')}]\n    rewards: [accuracy, boom]\nset: [rl.steps=1, sft.steps=1, eval.limit=1]\n`,
  );
  const dry = await cli(['grid', 'g.yaml', '--dry-run', '--json'], dir);
  expect(dry.code).toBe(0);
  const planned = JSON.parse(dry.stdout).cells as { name: string; variant: string; seed: number; overrides: Record<string, unknown>; config_hash: string }[];
  expect(planned.map((c) => [c.name, c.variant, c.seed])).toEqual([
    ['ok s0', 'ok', 0],
    ['boom s0', 'boom', 0],
  ]);
  expect(planned[1].overrides).toMatchObject({ rewards: ['accuracy', 'boom'], seed: 0 });
  expect(fs.existsSync(path.join(dir, 'runs'))).toBe(false); // a dry run runs nothing

  const first = await cli(['grid', 'g.yaml', '--json', '--parallel', '2'], dir);
  expect(first.code).toBe(1);
  const out1 = JSON.parse(first.stdout) as { cells: Cell[]; summary: { config: string; n: number; failed: number }[]; parent_run_id: string };
  const [ok, boom] = out1.cells;
  expect([ok.name, ok.status, boom.name, boom.status]).toEqual(['ok s0', 'FINISHED', 'boom s0', 'FAILED']);
  expect(ok.config_hash).toBe(planned[0].config_hash);
  expect(boom.error).toMatch(/boom: this reward always fails/);
  expect(out1.summary.map((s) => [s.config, s.n, s.failed])).toEqual([
    ['ok', 1, 0],
    ['boom', 0, 1],
  ]);
  const parent = store(dir).find((r) => r.id === out1.parent_run_id)!;
  expect(parent.status).toBe('FAILED');
  const okRun = store(dir).find((r) => r.id === ok.run_id)!;
  expect(okRun.parentId).toBe(out1.parent_run_id);
  // provenance on every run
  expect(okRun.tags).toMatchObject({ 'videor1.config_hash': ok.config_hash, 'videor1.seed': '0', 'ablation.variant': 'ok' });
  expect(okRun.tags['videor1.git.commit']).toMatch(/^([0-9a-f]{40}|unknown)$/);
  expect(['true', 'false', 'unknown']).toContain(okRun.tags['videor1.git.dirty']);
  expect(okRun.tags['videor1.data.mix_hash']).toMatch(/^[0-9a-f]{16}$/);
  expect(JSON.parse(runsOfCell(dir, boom.config_hash)[0].tags['videor1.plugin_files'])).toEqual([
    { file: path.join(dir, 'boom.ts'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
  ]);

  // --resume: the finished cell is not run again; the failed one is
  const second = await cli(['grid', 'g.yaml', '--json', '--resume'], dir);
  expect(second.code).toBe(1);
  const out2 = JSON.parse(second.stdout) as { cells: Cell[] };
  expect(out2.cells[0]).toMatchObject({ status: 'FINISHED', run_id: ok.run_id, resumed: true });
  expect(out2.cells[1].status).toBe('FAILED');
  expect(runsOfCell(dir, ok.config_hash)).toHaveLength(1);
  expect(runsOfCell(dir, boom.config_hash)).toHaveLength(2);

  // a run left RUNNING by a process that is gone: marked KILLED, and its cell runs again
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const metaFile = path.join(dir, 'runs', ok.run_id!, 'meta.json');
  fs.writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(metaFile, 'utf8')), status: 'RUNNING' }));
  const pidFile = path.join(dir, 'runs', 'grids', (JSON.parse(first.stdout) as { grid_id: string }).grid_id, 'cells', ok.config_hash, 'pid.json');
  fs.writeFileSync(pidFile, JSON.stringify({ host: os.hostname(), pid: Number(dead) }));
  const third = await cli(['grid', 'g.yaml', '--json', '--resume', '--only', 'ok'], dir);
  expect(third.code).toBe(0);
  const okRuns = runsOfCell(dir, ok.config_hash);
  expect(okRuns.map((r) => r.status)).toEqual(['KILLED', 'FINISHED']);
  const out3 = JSON.parse(third.stdout) as { cells: Cell[] };
  expect(out3.cells[0].run_id).toBe(okRuns[1].id);
  expect(out3.cells[0].resumed).toBeUndefined();
}, 600_000);
