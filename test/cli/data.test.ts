import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { CommandModule } from '../../core/cli/command';
import data from '../../plugins/data/cli/command';
import { runCli } from '../../core/cli/main';
import type { FrameSpec, Split, TaskSource } from '../../core/contracts/data';
import type { PluginCatalog } from '../../core/contracts/plugin';
import type { Sample } from '../../core/contracts/sample';
import { definePlugin } from '../../core/registry/define';
import { PluginRegistry } from '../../core/registry/registry';
import videoR1Json from '../../plugins/data/video-r1-json';
import { decodeImageFile } from '../../plugins/data/media';
import { byteFrames, cleanup, tmpDir } from '../support/media';

/** A stand-in for the synthetic source: seeded, mixed images and videos, values k/255. */
const fakeSynthetic = definePlugin({
  kind: 'data',
  name: 'synthetic',
  description: 'fake synthetic source for tests',
  options: z.strictObject({
    seed: z.number().int().default(0),
    rl_samples: z.number().int().default(4),
    sft_samples: z.number().int().default(4),
    eval_samples: z.number().int().default(4),
  }),
  create: (o): TaskSource => ({
    name: 'synthetic',
    async load(split: Split, spec: FrameSpec) {
      const n = o[`${split}_samples`];
      const samples: Sample[] = Array.from({ length: n }, (_, i) => {
        const video = i % 2 === 1;
        const category = video ? ['direction', 'count'][i % 4 === 1 ? 0 : 1] : ['chart', 'ocr'][i % 4 === 0 ? 0 : 1];
        return {
          problem_id: i + 1,
          problem: `question ${i} seed ${o.seed}`,
          data_type: video ? 'video' : 'image',
          problem_type: video ? 'multiple choice' : 'numerical',
          options: video ? ['A. left', 'B. right'] : [],
          solution: video ? '<answer>A</answer>' : `<answer>${i}</answer>`,
          path: `./synthetic/train/${category}/${String(i + 1).padStart(7, '0')}.${video ? 'mp4' : 'png'}`,
          data_source: `synthetic/${category}`,
          ...(split === 'sft' ? { process: `<think>step ${i}</think>` } : {}),
          frames: byteFrames(video ? spec.frames : 1, spec.height, spec.width, spec.channels, o.seed * 100 + i),
          category,
          temporal: video,
        };
      });
      return { samples, skipped: [] };
    },
  }),
});

const catalog: PluginCatalog = {
  data: { synthetic: async () => ({ default: fakeSynthetic }), 'video-r1-json': async () => ({ default: videoR1Json }) },
};

let dir: string;
beforeAll(() => (dir = tmpDir('videor1-data-cli-')));
afterAll(() => cleanup(dir));

async function run(argv: string[], cat: PluginCatalog = catalog) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    catalog: cat,
    commands: [data as unknown as CommandModule<never>],
    cwd: dir,
    out: (t) => (stdout += `${t}\n`),
    err: (t) => (stderr += `${t}\n`),
  });
  return { code, stdout, stderr };
}

/** Every file under a folder with its bytes, by relative path. */
function tree(root: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = fs.readFileSync(p);
    }
  };
  walk(root);
  return out;
}

const SPEC = { frames: 8, height: 20, width: 20, channels: 3 };

describe('videor1 data generate', () => {
  it('writes Video-R1 JSON (records only) and PNG / lossless .mkv media', async () => {
    const r = await run(['data', 'generate', 'set', '--n', '6', '--seed', '3', '--frames', '8', '--size', '20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 6 rl records to .*set\/rl\.json/);
    expect(r.stdout).toMatch(/3 PNG images, 3 FFV1 videos \(8 frames of 20x20 at 2 fps\)/);
    const records = JSON.parse(fs.readFileSync(path.join(dir, 'set/rl.json'), 'utf8'));
    expect(records).toHaveLength(6);
    expect(Object.keys(records[1])).toEqual([
      'problem_id',
      'problem',
      'data_type',
      'problem_type',
      'options',
      'solution',
      'path',
      'data_source',
      'category',
      'temporal',
    ]);
    expect(records[0].path).toBe('./synthetic/train/chart/0000001.png');
    expect(records[1].path).toBe('./synthetic/train/direction/0000002.mkv');
    expect(Object.keys(tree(path.join(dir, 'set'))).sort()).toEqual([
      'rl.json',
      'synthetic/train/chart/0000001.png',
      'synthetic/train/chart/0000005.png',
      'synthetic/train/count/0000004.mkv',
      'synthetic/train/direction/0000002.mkv',
      'synthetic/train/direction/0000006.mkv',
      'synthetic/train/ocr/0000003.png',
    ]);
  });

  it('is byte-identical for the same seed, and refuses to mix generations in one folder', async () => {
    const args = ['--n', '4', '--seed', '5', '--frames', '8', '--size', '20', '--split', 'sft', '--json'];
    expect((await run(['data', 'generate', 'a', ...args])).code).toBe(0);
    expect((await run(['data', 'generate', 'b', ...args])).code).toBe(0);
    const a = tree(path.join(dir, 'a'));
    expect(Object.keys(a)).toContain('sft.json');
    expect(tree(path.join(dir, 'b'))).toEqual(a);
    const again = await run(['data', 'generate', 'a', ...args]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ records: 4, images: 2, videos: 2, split: 'sft', seed: 5 });
    expect(tree(path.join(dir, 'a'))).toEqual(a);
    const other = await run(['data', 'generate', 'a', ...args.map((x) => (x === '5' ? '6' : x))]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/refusing to replace a media file with different content/);
  });

  it('round-trips: video-r1-json reads back the same samples and frames', async () => {
    expect((await run(['data', 'generate', 'rt', '--n', '8', '--seed', '9', '--frames', '8', '--size', '20', '--split', 'sft'])).code).toBe(0);
    const original = await (fakeSynthetic.create(fakeSynthetic.options.parse({ seed: 9, sft_samples: 8 }), undefined) as TaskSource).load('sft', SPEC);
    const registry = new PluginRegistry(catalog);
    const source = await registry.create<TaskSource, object>('data', { name: 'video-r1-json', options: { files: { sft: path.join(dir, 'rt/sft.json') } } }, {});
    const back = await source.load('sft', SPEC);
    expect(back.skipped).toEqual([]);
    expect(back.samples).toHaveLength(8);
    back.samples.forEach((s, i) => {
      const o = original.samples[i];
      expect(s.frames).toEqual(o.frames);
      expect({ ...s, path: undefined }).toEqual({ ...o, path: undefined });
      expect(s.path).toBe(o.path.replace(/\.(mp4|png)$/, s.data_type === 'video' ? '.mkv' : '.png'));
    });
  });

  it.each([
    [['data', 'generate', 'x'], /missing --n/],
    [['data', 'generate', 'x', '--n', '0'], /--n: bad value; expected an integer ≥ 1/],
    [['data', 'generate', 'x', '--n', '2', '--frames', '7'], /--frames: frames per video must be even/],
    [['data', 'generate', 'x', '--n', '2', '--size', '1000'], /--size: frame size out of range/],
    [['data', 'generate', 'x', '--n', '2', '--split', 'test'], /Invalid values: Argument: split, Given: "test", Choices: "rl", "sft", "eval"/],
    [['data', 'publish', 'x'], /Invalid values: Argument: action, Given: "publish", Choices: "generate", "inspect"/],
  ])('rejects %j with exit 2', async (argv, msg) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('videor1 data inspect', () => {
  beforeAll(async () => {
    expect((await run(['data', 'generate', 'insp', '--n', '6', '--seed', '1', '--frames', '8', '--size', '20'])).code).toBe(0);
  });

  it('counts by problem type, modality and category', async () => {
    const r = await run(['data', 'inspect', 'insp/rl.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/insp\/rl\.json: 6 records/);
    expect(r.stdout).toMatch(/multiple choice\s+3\s+50\.0%/);
    expect(r.stdout).toMatch(/video\/direction\s+2\s+33\.3%/);
    const j = JSON.parse((await run(['data', 'inspect', 'insp/rl.json', '--json'])).stdout);
    expect(j).toMatchObject({
      total: 6,
      byProblemType: { 'multiple choice': 3, numerical: 3 },
      byModality: { image: 3, video: 3 },
      byCategory: { 'image/chart': 2, 'image/ocr': 1, 'video/direction': 2, 'video/count': 1 },
    });
  });

  it('draws one sample as a contact sheet', async () => {
    const r = await run(['data', 'inspect', 'insp/rl.json', '--render', '2', '--out', 'sheet.png', '--frames', '8', '--size', '20', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rendered).toEqual({ problem_id: 2, file: path.join(dir, 'sheet.png'), frames: 8, height: 20, width: 20 });
    const img = await decodeImageFile(path.join(dir, 'sheet.png'));
    // 8 frames → 3 columns x 3 rows of 120 px cells (scale 6) with 1-px separators
    expect([img.width, img.height]).toEqual([3 * 121 + 1, 3 * 121 + 1]);
  });

  it.each([
    [['data', 'inspect', 'nope.json'], /nope\.json: no such file/],
    [['data', 'inspect', 'insp/rl.json', '--render', '99'], /no record with problem_id "99"/],
    [['data', 'inspect', 'insp/rl.json', '--out', 'x.png'], /only --render draws/],
  ])('rejects %j with exit 2', async (argv, msg) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });

  it('reports bad JSON with line and column, and unreadable media of a rendered sample', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), '[\n  {"problem": "q",,}\n]');
    const bad = await run(['data', 'inspect', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: line 2, column 19: not valid JSON/);
    fs.mkdirSync(path.join(dir, 'gone'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'insp/rl.json'), path.join(dir, 'gone/rl.json'));
    const gone = await run(['data', 'inspect', 'gone/rl.json', '--render', '1']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/gone\/synthetic\/train\/chart\/0000001\.png: cannot render problem_id "1": missing file/);
  });
});
