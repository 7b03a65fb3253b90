import * as path from 'node:path';
import type { CommandModule } from '../../core/cli/command';
import data from '../../plugins/data/cli/command';
import { runCli } from '../../core/cli/main';
import type { TaskSource } from '../../core/contracts/data';
import type { Frames } from '../../core/contracts/sample';
import { PluginRegistry } from '../../core/registry/registry';
import sources from '../../plugins/data';
import { cleanup, tmpDir } from '../support/media';

/** What 8-bit storage keeps of a frame: round(v·255)/255. */
const quantised = (f: Frames): Frames => ({ ...f, data: Float32Array.from(f.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255) / 255) });

describe('videor1 data generate with the real synthetic source', () => {
  let dir: string;
  beforeAll(() => (dir = tmpDir('videor1-data-synth-')));
  afterAll(() => cleanup(dir));

  it.each(['rl', 'sft'] as const)('writes a %s split that video-r1-json reads back (frames up to 8-bit storage)', async (split) => {
    const out: string[] = [];
    const code = await runCli(['data', 'generate', split, '--n', '6', '--seed', '2', '--split', split, '--frames', '8', '--size', '20'], {
      catalog: { data: sources },
      commands: [data as unknown as CommandModule<never>],
      cwd: dir,
      out: (t) => out.push(t),
      err: (t) => out.push(t),
    });
    expect(out.join('\n')).toMatch(/wrote \d+ .* records/);
    expect(code).toBe(0);
    const registry = new PluginRegistry({ data: sources });
    const spec = { frames: 8, height: 20, width: 20, channels: 3 };
    const synthetic = await registry.create<TaskSource, object>('data', { name: 'synthetic', options: { seed: 2, [`${split}_samples`]: 6 } }, {});
    const original = await synthetic.load(split, spec);
    const reader = await registry.create<TaskSource, object>(
      'data',
      { name: 'video-r1-json', options: { files: { [split]: path.join(dir, split, `${split}.json`) } } },
      {},
    );
    const back = await reader.load(split, spec);
    expect(back.skipped).toEqual([]);
    expect(back.samples.map((s) => s.problem_id)).toEqual(original.samples.map((s) => s.problem_id));
    back.samples.forEach((s, i) => {
      const o = original.samples[i];
      expect(s.frames).toEqual(quantised(o.frames));
      expect({ ...s, frames: undefined, path: undefined }).toEqual({ ...o, frames: undefined, path: undefined });
    });
  });
});
