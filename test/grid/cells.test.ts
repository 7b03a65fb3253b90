import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planGrid } from '../../core/grid/cells';
import { canonicalJson, configHash } from '../../core/grid/hash';
import { readGrid } from '../../core/grid/spec';
import { PluginRegistry } from '../../core/registry/registry';
import { builtinPlugins } from '../../plugins';
import { REPO } from '../support/cli';

const plan = (file: string, sets: string[] = []) => planGrid(readGrid(file), { sets, cwd: os.tmpdir(), registry: new PluginRegistry(builtinPlugins) });

describe('grid cells', () => {
  it('canonical JSON ignores key order and keeps list order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('expands variants × axes × seeds in a stable order, each cell identified by its config hash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videor1-cells-'));
    const file = path.join(dir, 'g.yaml');
    fs.writeFileSync(
      file,
      `name: g\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [0, 1]\nvariants:\n  a: {}\n  b: { advantage: { name: grpo } }\naxes:\n  rl.beta: [0.01, 0.04]\n`,
    );
    const p = await plan(file);
    expect(p.cells.map((c) => c.label)).toEqual([
      'a beta=0.01 s0',
      'a beta=0.01 s1',
      'a beta=0.04 s0',
      'a beta=0.04 s1',
      'b beta=0.01 s0',
      'b beta=0.01 s1',
      'b beta=0.04 s0',
      'b beta=0.04 s1',
    ]);
    expect(new Set(p.cells.map((c) => c.configHash)).size).toBe(8);
    expect(p.cells.every((c) => /^[0-9a-f]{16}$/.test(c.configHash))).toBe(true);
    // a configuration's seeds share a config key; different configurations do not
    expect(p.cells[0].configKey).toBe(p.cells[1].configKey);
    expect(new Set(p.cells.map((c) => c.configKey)).size).toBe(4);

    // the same cells reordered in the file (variants, seeds) keep their hashes and the grid id
    fs.writeFileSync(
      file,
      `name: g\nbase: ${path.join(REPO, 'experiments', 'smoke.yaml')}\nseeds: [1, 0]\nvariants:\n  b: { advantage: { name: grpo } }\n  a: {}\naxes:\n  rl.beta: [0.04, 0.01]\n`,
    );
    const q = await plan(file);
    const byLabel = (cells: typeof p.cells) => Object.fromEntries(cells.map((c) => [c.label, c.configHash]));
    expect(byLabel(q.cells)).toEqual(byLabel(p.cells));
    expect(q.id).toBe(p.id);

    // a value that changes what a cell computes changes its hash; a label (the run name) does not
    const r = await plan(file, ['rl.steps=3']);
    expect(r.cells.find((c) => c.label === 'a beta=0.01 s0')!.configHash).not.toBe(byLabel(p.cells)['a beta=0.01 s0']);
    expect(r.id).not.toBe(p.id);
    const cfg = p.cells[0].cfg;
    expect(configHash({ ...cfg, name: 'other', description: 'x', output: '/elsewhere' })).toBe(p.cells[0].configHash);
    expect(configHash({ ...cfg, seed: cfg.seed + 1 })).not.toBe(p.cells[0].configHash);
  });

  it('the paper grid has 15 cells with distinct hashes', async () => {
    const p = await plan(path.join(REPO, 'ablations', 'paper.yaml'));
    expect(p.cells).toHaveLength(15);
    expect(new Set(p.cells.map((c) => c.configHash)).size).toBe(15);
    expect(p.spec.baseline).toBe('video-r1');
  });
});
