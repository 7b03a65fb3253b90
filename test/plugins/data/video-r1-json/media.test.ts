import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { isUserError } from '../../../../core/errors';
import {
  decodeImageFile,
  encodePng,
  frameAt,
  frameIndices,
  MediaError,
  pixelsFromFrames,
  readImageFrames,
  readVideoFrames,
  renderContactSheet,
  resizeArea,
  writeContactSheet,
  writeVideo,
} from '../../../../plugins/data/media';
import { byteFrames, channelMean, cleanup, makeFrames, solidPng, tmpDir } from '../../../support/media';

const RULE = { fps: 2, minFrames: 4, maxFrames: 16 };
let dir: string;
beforeAll(() => (dir = tmpDir()));
afterAll(() => cleanup(dir));

describe('images', () => {
  it.each([1, 3, 4])('PNG with %i channel(s) round-trips exactly through encodePng and readImageFrames', async (c) => {
    const frames = byteFrames(1, 5, 7, c, c);
    const file = path.join(dir, `rt${c}.png`);
    fs.writeFileSync(file, encodePng(frames));
    const back = await readImageFrames(file, { height: 5, width: 7, channels: c });
    expect(back).toEqual(frames);
  });

  it('converts RGB to grey with BT.601 luma and resizes by area averaging', async () => {
    const file = solidPng(path.join(dir, 'solid.png'), 6, 4, [255, 0, 0]);
    const grey = await readImageFrames(file, { height: 2, width: 3, channels: 1 });
    expect([grey.t, grey.h, grey.w, grey.c]).toEqual([1, 2, 3, 1]);
    for (const v of grey.data) expect(v).toBeCloseTo(Math.round(0.299 * 255) / 255, 6);
    // 2x1 → 1x1 averages, 1x2 → 1x3 covers partial pixels
    expect(Array.from(resizeArea(Uint8Array.from([10, 30]), 1, 2, 1, 1, 1))).toEqual([20]);
    expect(Array.from(resizeArea(Uint8Array.from([0, 90]), 1, 2, 1, 1, 3))).toEqual([0, 45, 90]);
    const same = Uint8Array.from([1, 2, 3, 4]);
    expect(resizeArea(same, 2, 2, 1, 2, 2)).toBe(same);
  });

  it('decodes JPEG through ffmpeg', async () => {
    const file = path.join(dir, 'blue.jpg');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=blue:size=16x16', '-frames:v', '1', file]);
    const f = await readImageFrames(file, { height: 4, width: 4, channels: 3 });
    expect(channelMean(f, 2)).toBeGreaterThan(0.95);
    expect(channelMean(f, 0)).toBeLessThan(0.05);
  });

  it('reports a corrupt PNG as a MediaError naming the file', async () => {
    const file = path.join(dir, 'bad.png');
    const good = encodePng(byteFrames(1, 4, 4, 3, 1));
    fs.writeFileSync(file, Buffer.concat([good.subarray(0, 40), Buffer.from('garbage')]));
    await expect(decodeImageFile(file)).rejects.toThrow(MediaError);
    await expect(decodeImageFile(file)).rejects.toMatchObject({ file });
  });
});

describe('videos', () => {
  it('writes lossless FFV1 .mkv that reads back frame for frame', async () => {
    const frames = byteFrames(8, 6, 10, 3, 7);
    const file = path.join(dir, 'clip.mkv');
    await writeVideo(file, frames);
    const r = await readVideoFrames(file, { frames: 16, height: 6, width: 10, channels: 3 }, RULE);
    expect(r.indices).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.frames).toEqual(frames);
  });

  it('samples the frames at the rule indices (20 frames at 2 fps → 16)', async () => {
    const frames = byteFrames(20, 4, 4, 3, 3);
    const file = path.join(dir, 'twenty.mkv');
    await writeVideo(file, frames);
    const r = await readVideoFrames(file, { frames: 16, height: 4, width: 4, channels: 3 }, RULE);
    const want = frameIndices(20, 16);
    expect(r.indices).toEqual(want);
    want.forEach((src, i) => expect(frameAt(r.frames, i)).toEqual(frameAt(frames, src)));
  });

  it.each([1, 4])('keeps %i channel(s) exactly in .mkv', async (c) => {
    const frames = byteFrames(4, 4, 6, c, c);
    const file = path.join(dir, `c${c}.mkv`);
    await writeVideo(file, frames);
    expect((await readVideoFrames(file, { frames: 16, height: 4, width: 6, channels: c }, RULE)).frames).toEqual(frames);
  });

  it('is bit-exact: the same frames give the same bytes', async () => {
    const frames = byteFrames(6, 8, 8, 3, 11);
    await writeVideo(path.join(dir, 'a.mkv'), frames);
    await writeVideo(path.join(dir, 'b.mkv'), frames);
    expect(fs.readFileSync(path.join(dir, 'a.mkv')).equals(fs.readFileSync(path.join(dir, 'b.mkv')))).toBe(true);
  });

  it('writes .mp4 (H.264) whose solid colour decodes to about that colour', async () => {
    const frames = makeFrames(6, 16, 16, 3, (_t, _y, _x, k) => [0.2, 0.6, 0.9][k]);
    const file = path.join(dir, 'solid.mp4');
    await writeVideo(file, frames);
    const r = await readVideoFrames(file, { frames: 16, height: 8, width: 8, channels: 3 }, RULE);
    expect(r.frames.t).toBe(6);
    [0.2, 0.6, 0.9].forEach((v, k) => expect(Math.abs(channelMean(r.frames, k) - v)).toBeLessThan(0.03));
  });

  it('rejects random bytes as a corrupt video (MediaError)', async () => {
    const file = path.join(dir, 'random.mp4');
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)));
    await expect(readVideoFrames(file, { frames: 16, height: 4, width: 4, channels: 3 }, RULE)).rejects.toThrow(MediaError);
  });

  it('rejects an odd size for .mp4 and an unknown extension', async () => {
    await expect(writeVideo(path.join(dir, 'odd.mp4'), byteFrames(2, 3, 3, 3, 1))).rejects.toThrow(/even width and height/);
    await expect(writeVideo(path.join(dir, 'x.avi'), byteFrames(2, 4, 4, 3, 1))).rejects.toThrow(/use .mkv/);
  });

  it('says how to install ffmpeg when it is missing (UserError, exit 2)', async () => {
    const saved = process.env.VIDEOR1_FFPROBE;
    process.env.VIDEOR1_FFPROBE = path.join(dir, 'no-such-ffprobe');
    try {
      const e = await readVideoFrames(path.join(dir, 'clip.mkv'), { frames: 16, height: 4, width: 4, channels: 3 }, RULE).catch((x: unknown) => x);
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).toMatch(/apt-get install -y ffmpeg/);
    } finally {
      if (saved === undefined) delete process.env.VIDEOR1_FFPROBE;
      else process.env.VIDEOR1_FFPROBE = saved;
    }
  });
});

describe('contact sheets', () => {
  it('lays frames out in a grid with 1-px white separators, upscaled', () => {
    const frames = makeFrames(5, 2, 3, 3, (t) => (t + 1) / 10);
    const sheet = renderContactSheet(frames, { scale: 2 });
    // ceil(sqrt(5)) = 3 columns, 2 rows; cells 4x6 plus separators
    expect([sheet.t, sheet.h, sheet.w, sheet.c]).toEqual([1, 2 * 5 + 1, 3 * 7 + 1, 3]);
    const px = pixelsFromFrames(sheet).data;
    const at = (y: number, x: number) => px[(y * sheet.w + x) * 3];
    expect(at(0, 0)).toBe(255); // border
    expect(at(1, 1)).toBe(Math.round(0.1 * 255)); // frame 0
    expect(at(4, 6)).toBe(Math.round(0.1 * 255)); // frame 0, last upscaled pixel
    expect(at(1, 7)).toBe(255); // separator column
    expect(at(1, 8)).toBe(Math.round(0.2 * 255)); // frame 1
    expect(at(6, 8)).toBe(Math.round(0.5 * 255)); // frame 4 (row 2, column 2)
    expect(at(6, 15)).toBe(40); // empty cell
  });

  it('writes a PNG', async () => {
    const file = path.join(dir, 'sheet.png');
    await writeContactSheet(file, byteFrames(4, 8, 8, 1, 2));
    const img = await decodeImageFile(file);
    expect([img.width, img.height]).toEqual([2 * (8 * 16 + 1) + 1, 2 * (8 * 16 + 1) + 1]);
  });
});
