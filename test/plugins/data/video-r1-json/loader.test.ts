import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskSource } from '../../../../core/contracts/data';
import { isUserError } from '../../../../core/errors';
import { PluginRegistry } from '../../../../core/registry/registry';
import videoR1Json from '../../../../plugins/data/video-r1-json';
import { channelMean, cleanup, lavfiVideo, record, solidPng, tmpDir, writeJson } from '../../../support/media';

const SPEC = { frames: 16, height: 12, width: 16, channels: 3 };
const registry = new PluginRegistry({ data: { 'video-r1-json': async () => ({ default: videoR1Json }) } });

let dir: string;
beforeAll(() => {
  dir = tmpDir('videor1-loader-');
  solidPng(path.join(dir, 'Chart/red.png'), 40, 30, [255, 0, 0]);
  lavfiVideo(path.join(dir, 'STAR/green.mp4'), 'color=c=0x00ff00:size=64x48:rate=10', 3);
  lavfiVideo(path.join(dir, 'CLEVRER/test.mp4'), 'testsrc=size=64x48:rate=10', 1);
  fs.writeFileSync(path.join(dir, 'STAR/random.mp4'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 131) % 251)));
  fs.writeFileSync(
    path.join(dir, 'Chart/broken.png'),
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really')]),
  );
  writeJson(path.join(dir, 'good.json'), [
    record({ problem_id: 1, path: './Chart/red.png', data_type: 'image' }),
    record({ problem_id: 2, path: './STAR/green.mp4', data_type: 'video', problem_type: 'numerical', options: [], solution: '<answer>3</answer>' }),
    record({ problem_id: 3, path: './CLEVRER/test.mp4', data_type: 'video', data_source: 'CLEVRER/x' }),
  ]);
  writeJson(path.join(dir, 'broken.json'), [
    record({ problem_id: 10, path: './Chart/red.png', data_type: 'image' }),
    record({ problem_id: 11, path: './Chart/missing.png', data_type: 'image' }),
    record({ problem_id: 12, path: './STAR/random.mp4', data_type: 'video' }),
    record({ problem_id: 13, path: './Chart/broken.png', data_type: 'image' }),
    record({ problem_id: 14, path: './STAR/green.mp4', data_type: 'video' }),
  ]);
});
afterAll(() => cleanup(dir));

async function source(options: Record<string, unknown>, log: string[] = []): Promise<TaskSource> {
  return registry.create<TaskSource, object>('data', { name: 'video-r1-json', options }, { baseDir: dir, log: (l: string) => log.push(l) });
}

describe('video-r1-json', () => {
  it('parses its default options (the plugins command shows them)', () => {
    expect(videoR1Json.options.parse({})).toEqual({ files: {}, max_frames: 16, min_frames: 4, fps: 2, on_missing: 'skip', concurrency: 4 });
  });

  it('loads images (T = 1) and videos (reference sampling) at the spec size with sane values', async () => {
    const log: string[] = [];
    const { samples, skipped } = await (await source({ files: { rl: 'good.json' } }, log)).load('rl', SPEC);
    expect(skipped).toEqual([]);
    expect(log).toEqual([]);
    expect(samples.map((s) => [s.problem_id, s.frames.t, s.frames.h, s.frames.w, s.frames.c, s.category])).toEqual([
      [1, 1, 12, 16, 3, 'Chart'],
      [2, 6, 12, 16, 3, 'STAR'],
      [3, 4, 12, 16, 3, 'CLEVRER'],
    ]);
    const [red, green] = samples;
    expect(Array.from(new Set(red.frames.data))).toEqual([1, 0]); // exactly (1, 0, 0) everywhere
    expect(channelMean(green.frames, 1)).toBeGreaterThan(0.97);
    expect(channelMean(green.frames, 0)).toBeLessThan(0.03);
    expect(channelMean(green.frames, 2)).toBeLessThan(0.03);
    for (const v of samples[2].frames.data) expect(v >= 0 && v <= 1).toBe(true);
    expect(green).toMatchObject({ problem_type: 'numerical', options: [], solution: '<answer>3</answer>', data_type: 'video', temporal: false });
  });

  it('caps video frames by FrameSpec.frames and max_frames', async () => {
    const four = await (await source({ files: { rl: 'good.json' } })).load('rl', { ...SPEC, frames: 4 });
    expect(four.samples[1].frames.t).toBe(4);
    const two = await (await source({ files: { rl: 'good.json' }, max_frames: 2 })).load('rl', SPEC);
    expect(two.samples[1].frames.t).toBe(2);
  });

  it('skips missing and corrupt media, reports path and problem_id, never substitutes', async () => {
    const log: string[] = [];
    const { samples, skipped } = await (await source({ files: { eval: 'broken.json' } }, log)).load('eval', SPEC);
    expect(samples.map((s) => s.problem_id)).toEqual([10, 14]);
    expect(skipped.map((s) => [s.problem_id, path.relative(dir, s.path)])).toEqual([
      [11, 'Chart/missing.png'],
      [12, 'STAR/random.mp4'],
      [13, 'Chart/broken.png'],
    ]);
    expect(skipped[0].reason).toBe('missing file');
    expect(skipped[1].reason).toMatch(/corrupt or unreadable video: ffprobe failed/);
    expect(skipped[2].reason).toMatch(/corrupt or unreadable image: corrupt PNG/);
    expect(log[0]).toMatch(/WARNING: eval: skipped 3 of 5 records in .*broken.json \(1 missing, 2 corrupt or unusable media\); they are not replaced/);
    expect(log).toHaveLength(4);
  });

  it("stops with a UserError naming the file, record and media under on_missing: 'error'", async () => {
    const e = await (await source({ files: { rl: 'broken.json' }, on_missing: 'error', concurrency: 1 })).load('rl', SPEC).catch((x: unknown) => x);
    expect(isUserError(e)).toBe(true);
    expect((e as Error).message).toMatch(/broken\.json: .*Chart\/missing\.png: cannot use the media of record 1 \(problem_id 11\): missing file/);
  });

  it('resolves the media root option and rejects an unconfigured split or channel count', async () => {
    fs.mkdirSync(path.join(dir, 'lists'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'good.json'), path.join(dir, 'lists/good.json'));
    const moved = await (await source({ files: { sft: 'lists/good.json' }, root: '.' })).load('sft', SPEC);
    expect(moved.samples).toHaveLength(3);
    const noRoot = await (await source({ files: { sft: 'lists/good.json' } })).load('sft', SPEC);
    expect(noRoot.skipped).toHaveLength(3);
    await expect((await source({ files: { rl: 'good.json' } })).load('eval', SPEC)).rejects.toThrow(/no file for split 'eval'.*files for rl only/);
    await expect((await source({ files: { rl: 'good.json' } })).load('rl', { ...SPEC, channels: 2 })).rejects.toThrow(/channels/);
  });

  it('reports bad options and bad files as UserErrors', async () => {
    await expect(source({ on_missing: 'replace' })).rejects.toThrow(/on_missing/);
    await expect((await source({ files: { rl: 'nope.json' } })).load('rl', SPEC)).rejects.toThrow(/nope\.json: no such file/);
  });
});
