import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalTracker } from '../../plugins/tracker/local/tracker';
import { cli } from '../support/cli';

/** A run in a local store, as train/grid write it: params, the tags compare groups by, final metrics. */
async function addRun(
  t: LocalTracker,
  o: { name: string; experiment: string; parent?: string; seed: number; tags?: Record<string, string>; params?: Record<string, string>; acc: number },
): Promise<string> {
  const id = await t.startRun({ experiment: o.experiment, runName: o.name, parentRunId: o.parent, tags: { 'videor1.seed': String(o.seed), ...o.tags } });
  await t.logParams(id, { seed: String(o.seed), ...o.params });
  await t.logMetrics(id, 0, { 'eval/mean/acc': 0 });
  await t.logMetrics(id, 5, { 'eval/mean/acc': o.acc, reward: 1 });
  await t.endRun(id, 'FINISHED');
  return id;
}

describe('videor1 compare: rows by variant and config, paired verdicts', () => {
  it('keeps two seed-0 runs with different configs under one name as two rows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-cmp-'));
    const t = new LocalTracker(path.join(dir, 'runs'));
    await addRun(t, { name: 'my-smoke-s0', experiment: 'my-smoke', seed: 0, params: { 'rl.steps': '2' }, acc: 0.25 });
    await addRun(t, { name: 'my-smoke-s0', experiment: 'my-smoke', seed: 0, params: { 'rl.steps': '3' }, acc: 0.125 });
    const r = await cli(['compare', '--json', '--metric', 'eval/mean/acc'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows).toHaveLength(2);
    expect(out.rows.map((row: { seeds: number; metrics: Record<string, { mean: number }> }) => [row.seeds, row.metrics['eval/mean/acc'].mean])).toEqual([
      [1, 0.25],
      [1, 0.125],
    ]);
    expect(out.verdicts).toEqual([]);
  });

  it('prints verdicts against the grid baseline, finds a grid by its id, and refuses unknown metrics and missing grids', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-cmp-'));
    const none = await cli(['compare', '--grid', 'latest'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no grid runs yet: --grid latest has nothing to compare/);

    const t = new LocalTracker(path.join(dir, 'runs'));
    const parent = await t.startRun({ experiment: 'g', runName: 'ablate-g', tags: { 'ablation.grid_id': 'g-1234' } });
    const accs: Record<string, number[]> = { base: [0.5, 0.6, 0.7], better: [0.6, 0.8, 0.9] };
    for (const [variant, xs] of Object.entries(accs)) {
      for (const [seed, acc] of xs.entries()) {
        await addRun(t, {
          name: `${variant} s${seed}`,
          experiment: 'g',
          parent,
          seed,
          acc,
          tags: {
            'ablation.variant': variant,
            'ablation.baseline': String(variant === 'base'),
            'videor1.config_key': `key-${variant}`,
            'videor1.config_hash': `hash-${variant}-${seed}`,
          },
        });
      }
    }
    await t.endRun(parent, 'FINISHED');
    const r = await cli(['compare', '--grid', 'g-1234', '--metric', 'eval/mean/acc', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.baseline).toBe('base');
    expect(out.grid).toBe('g-1234');
    expect(out.verdicts).toHaveLength(1);
    expect(out.verdicts[0]).toMatchObject({ variant: 'better', metric: 'eval/mean/acc', verdict: 'better', seeds: 3 });
    expect(out.verdicts[0].diff).toBeCloseTo(1 / 6, 10);
    expect(out.verdicts[0].ci95[0]).toBeCloseTo(0.0232449, 6);

    const table = await cli(['compare', '--grid', 'latest', '--metric', 'eval/mean/acc'], dir);
    expect(table.stdout).toMatch(/better\s+eval\/mean\/acc\s+0\.1667\s+\[0\.02324, 0\.3101\]\s+better\s+3/);

    const typo = await cli(['compare', '--grid', 'latest', '--metric', 'eval/mean/acx'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--metric: unknown metric 'eval\/mean\/acx' \(did you mean "eval\/mean\/acc"\?\)/);
    const missing = await cli(['compare', '--grid', 'nope'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no grid run 'nope'.*g-1234/);
  });
});
