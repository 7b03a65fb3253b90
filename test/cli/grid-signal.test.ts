/**
 * Ctrl-C on `videor1 grid` (the real executable, SIGINT to its process): the executor stops its
 * cells, whose runs end KILLED, then the parent run ends KILLED and the grid exits 130.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../support/cli';

function metas(dir: string): { id: string; parentId?: string; status: string }[] {
  const runs = path.join(dir, 'runs');
  if (!fs.existsSync(runs)) return [];
  return fs
    .readdirSync(runs)
    .filter((d) => fs.existsSync(path.join(runs, d, 'meta.json')))
    .map((d) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(runs, d, 'meta.json'), 'utf8'));
      } catch {
        return { id: d, status: 'unreadable' };
      }
    });
}

it('marks the running cells and the parent KILLED on SIGINT', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-sigint-'));
  fs.writeFileSync(
    path.join(dir, 'g.yaml'),
    `name: sigint\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [0, 1, 2]\nvariants:\n  a: {}\nset: [rl.steps=500, sft.steps=1, eval.limit=1]\n`,
  );
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'videor1.js'), 'grid', 'g.yaml', '--parallel', '2'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += String(b)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  // wait until two cells have started their runs
  for (let i = 0; i < 1500 && metas(dir).filter((m) => m.parentId && m.status === 'RUNNING').length < 2; i++) await new Promise((r) => setTimeout(r, 200));
  expect(metas(dir).filter((m) => m.parentId && m.status === 'RUNNING')).toHaveLength(2);
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  const all = metas(dir);
  const parent = all.find((m) => !m.parentId)!;
  expect(parent.status).toBe('KILLED');
  const cells = all.filter((m) => m.parentId === parent.id);
  expect(cells.map((c) => c.status)).toEqual(['KILLED', 'KILLED']); // the third never started
  expect(stderr).toMatch(/SIGINT: stopping the cells/);
}, 420_000);
