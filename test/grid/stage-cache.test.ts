/**
 * The shared SFT cold start: cells whose SFT inputs are equal (here two advantage estimators, one
 * seed) compute it once, run concurrently (one waits for the other), tag the key they used, and
 * end with exactly the metrics they get when each computes its own cold start.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO } from '../support/cli';

interface Out {
  cells: { name: string; config_hash: string; run_id: string; status: string; metrics: Record<string, number> }[];
}

it('computes a shared cold start once and gives the same metrics as computing it per cell', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-sft-cache-'));
  fs.writeFileSync(
    path.join(dir, 'g.yaml'),
    `name: cache\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [0]\nvariants:\n  t-grpo: {}\n  grpo: { advantage: { name: grpo } }\n  zero: { sft: { steps: 0 } }\nset: [rl.steps=1, eval.limit=1]  # sft.steps: the base experiment's 2 (a set: here would override zero's 0)\n`,
  );
  const shared = await cli(['grid', 'g.yaml', '--json', '--parallel', '3'], dir);
  expect(shared.code).toBe(0);
  const own = await cli(['grid', 'g.yaml', '--json', '--parallel', '3', '--no-shared-cold-start'], dir);
  expect(own.code).toBe(0);
  const a = JSON.parse(shared.stdout) as Out;
  const b = JSON.parse(own.stdout) as Out;
  expect(a.cells.map((c) => c.status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED']);
  for (const [i, c] of a.cells.entries()) {
    expect(b.cells[i].config_hash).toBe(c.config_hash);
    expect(b.cells[i].metrics).toEqual(c.metrics); // same seed, same backend: identical metrics
    expect(c.metrics['sft/loss'] === undefined).toBe(c.name.startsWith('zero'));
  }
  const tags = (id: string) => JSON.parse(fs.readFileSync(path.join(dir, 'runs', id, 'tags.json'), 'utf8')) as Record<string, string>;
  const [t, g, z] = a.cells.map((c) => tags(c.run_id));
  expect(t['videor1.sft_cache']).toMatch(/^[0-9a-f]{24}$/);
  expect(g['videor1.sft_cache']).toBe(t['videor1.sft_cache']);
  expect([t['videor1.sft_cache.hit'], g['videor1.sft_cache.hit']].sort()).toEqual(['false', 'true']);
  expect(z['videor1.sft_cache']).toBeUndefined(); // the zero variant has no cold start
  expect(fs.readdirSync(path.join(dir, 'runs', 'cache', 'sft'))).toEqual([t['videor1.sft_cache']]);
  expect(b.cells.map((c) => tags(c.run_id)['videor1.sft_cache'])).toEqual([undefined, undefined, undefined]);
}, 600_000);
