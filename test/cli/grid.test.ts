import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO } from '../support/cli';

describe('videor1 grid and compare (smoke grid, local tracker)', () => {
  it('runs a parent with one child per cell, rolls seeds up, and compares the children', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-'));
    const g = await cli(['grid', path.join(REPO, 'ablations', 'smoke.yaml'), '--json', '--parallel', '2', '--set', 'rl.steps=1', '--set', 'sft.steps=1'], dir);
    expect(g.stderr).toBe('');
    expect(g.code).toBe(0);
    const out = JSON.parse(g.stdout);
    expect(out.cells).toHaveLength(4);
    expect(out.summary.map((s: { config: string; n: number }) => [s.config, s.n])).toEqual([
      ['t-grpo', 2],
      ['wo-temporal', 2],
    ]);

    const runsDir = path.join(dir, 'runs');
    const metas = fs
      .readdirSync(runsDir)
      .filter((d) => fs.existsSync(path.join(runsDir, d, 'meta.json')))
      .map((d) => JSON.parse(fs.readFileSync(path.join(runsDir, d, 'meta.json'), 'utf8')));
    const parents = metas.filter((m) => !m.parentId);
    expect(parents).toHaveLength(1);
    const children = metas.filter((m) => m.parentId === parents[0].id);
    expect(children).toHaveLength(4);
    expect(children.every((c) => c.status === 'FINISHED')).toBe(true);
    const variants = children.map((c) => JSON.parse(fs.readFileSync(path.join(runsDir, c.id, 'tags.json'), 'utf8'))['ablation.variant']).sort();
    expect(variants).toEqual(['t-grpo', 't-grpo', 'wo-temporal', 'wo-temporal']);

    const c = await cli(['compare', '--json', '--plot', 'plots/grid.svg'], dir);
    expect(c.code).toBe(0);
    const cmp = JSON.parse(c.stdout);
    expect(cmp.runs).toHaveLength(4);
    expect(cmp.rows.map((s: { variant: string; seeds: number }) => [s.variant, s.seeds])).toEqual([
      ['t-grpo', 2],
      ['wo-temporal', 2],
    ]);
    expect(cmp.baseline).toBe('t-grpo');
    expect(new Set(cmp.verdicts.map((v: { variant: string }) => v.variant))).toEqual(new Set(['wo-temporal']));
    expect(fs.readFileSync(path.join(dir, 'plots', 'grid.svg'), 'utf8')).toMatch(/^<svg[\s\S]*wo-temporal[\s\S]*<\/svg>$/);
  });

  it('names the grid file and variant that wrote a bad key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-'));
    fs.writeFileSync(path.join(dir, 'g.yaml'), `base: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nvariants:\n  a: {}\n  b:\n    rl: { stpes: 2 }\n`);
    const g = await cli(['grid', 'g.yaml'], dir);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain(
      `${path.join(dir, 'g.yaml')}: variants.b: invalid experiment (merged into ${path.join(REPO, 'experiments', 'smoke.yaml')}): rl: Unrecognized key: "stpes" (did you mean "steps"?)`,
    );
  });

  it('names the variant for a bad plugin option, and the --set for a command-line override', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-'));
    fs.writeFileSync(
      path.join(dir, 'g.yaml'),
      `base: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nvariants:\n  a: {}\n  b:\n    advantage: { name: t-grpo, options: { alpha: oops } }\n`,
    );
    const g = await cli(['grid', 'g.yaml', '--dry-run'], dir);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain(`${path.join(dir, 'g.yaml')}: variants.b: invalid options for advantage plugin 't-grpo': advantage.options.alpha`);
    fs.writeFileSync(path.join(dir, 'ok.yaml'), `base: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nvariants:\n  a: {}\n`);
    const s = await cli(['grid', 'ok.yaml', '--dry-run', '--set', 'advantage.options.alpha=oops'], dir);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/^videor1: --set advantage\.options\.alpha=oops: invalid options for advantage plugin 't-grpo'/);
  });

  it('rejects an unknown baseline variant with exit code 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-grid-'));
    fs.writeFileSync(path.join(dir, 'g.yaml'), `base: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nbaseline: nope\nvariants:\n  a: {}\n`);
    const g = await cli(['grid', 'g.yaml'], dir);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/g\.yaml: baseline: unknown baseline variant; expected one of a; found "nope"/);
  });
});
