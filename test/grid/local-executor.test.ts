import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CellJob, CellUpdate, Executor, ExecutorDeps } from '../../core/contracts/executor';
import { PluginRegistry } from '../../core/registry/registry';
import { builtinPlugins } from '../../plugins';

const FAKE = path.join(__dirname, 'fixtures', 'fake-cell.js');

async function executor(parallel: number, dir: string): Promise<Executor> {
  const deps: ExecutorDeps = { videor1: [process.execPath, FAKE], parallel, dir, say: () => undefined };
  return new PluginRegistry(builtinPlugins).create<Executor, ExecutorDeps>('executor', { name: 'local' }, deps);
}

function job(root: string, id: string, mode: string, ms: number): CellJob {
  const dir = path.join(root, id);
  return { id, label: id, argv: [mode, dir, id, String(ms)], cwd: root, dir };
}

/** [start, end] times of each cell, from the fixture's events.log. */
function spans(root: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const line of fs.readFileSync(path.join(root, 'events.log'), 'utf8').trim().split('\n')) {
    const [what, id, t] = line.split(' ');
    const s = out.get(id) ?? [NaN, NaN];
    s[what === 'start' ? 0 : 1] = Number(t);
    out.set(id, s);
  }
  return out;
}

describe('local executor', () => {
  it('runs at most N cells at once; a failing or crashing cell is FAILED with its error and the others finish', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-exec-'));
    const ex = await executor(2, root);
    await ex.submit([job(root, 'a', 'ok', 600), job(root, 'b', 'fail', 100), job(root, 'c', 'crash', 100), job(root, 'd', 'ok', 300)]);
    const seen: CellUpdate[] = [];
    const final = await ex.watch((u) => seen.push(u));
    expect(final.map((u) => [u.id, u.state])).toEqual([
      ['a', 'FINISHED'],
      ['b', 'FAILED'],
      ['c', 'FAILED'],
      ['d', 'FINISHED'],
    ]);
    expect(final[0].record?.run_id).toBe('run-a');
    expect(final[1].error).toBe('boom in the reward');
    expect(final[2].error).toMatch(/^exit code 3, no exit record; log .*cell\.log: segfault-ish$/);
    expect(seen.filter((u) => u.state === 'RUNNING').map((u) => u.id)).toEqual(['a', 'b', 'c', 'd']);
    // never more than two at once: at every start, count the cells running
    const s = spans(root);
    for (const [id, [start]] of s) {
      const overlapping = [...s].filter(([other, [a, b]]) => other !== id && a <= start && start < b).length;
      expect(overlapping).toBeLessThanOrEqual(1);
    }
  });

  it('cancel (Ctrl-C) ends running cells KILLED by SIGTERM and queued ones KILLED without starting', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-exec-'));
    const ex = await executor(1, root);
    await ex.submit([job(root, 'h', 'hang', 0), job(root, 'q', 'ok', 10)]);
    const watching = ex.watch(() => undefined);
    for (let i = 0; i < 100 && !fs.existsSync(path.join(root, 'events.log')); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200)); // the fixture's SIGTERM handler is installed
    await ex.cancel();
    const final = await watching;
    expect(final.map((u) => [u.id, u.state])).toEqual([
      ['h', 'KILLED'],
      ['q', 'KILLED'],
    ]);
    expect(final[0].record?.status).toBe('KILLED');
    expect(final[1].error).toBe('cancelled before it started');
    expect(fs.existsSync(path.join(root, 'q'))).toBe(false);
  });
});
