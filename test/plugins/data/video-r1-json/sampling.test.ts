import * as path from 'node:path';
import { floorEven, frameIndices, readVideoFrames, sampleFrameCount } from '../../../../plugins/data/media';
import { cleanup, lavfiVideo, tmpDir } from '../../../support/media';

const RULE = { fps: 2, minFrames: 4, maxFrames: 16 };

describe('the reference frame sampling rule (docs/released-code.md §5.4)', () => {
  // n = floor_even(min(max(duration·2, 4), max_frames, total)); indices = round(linspace(0, total−1, n))
  const cases: { why: string; duration: number; total: number; max?: number; n: number; indices: number[] }[] = [
    { why: '1 s at 10 fps: the 4-frame minimum binds', duration: 1, total: 10, n: 4, indices: [0, 3, 6, 9] },
    { why: '3 s at 10 fps: 2 fps gives 6', duration: 3, total: 30, n: 6, indices: [0, 6, 12, 17, 23, 29] },
    {
      why: '10 s at 30 fps: capped at 16; round(i·299/15)',
      duration: 10,
      total: 300,
      n: 16,
      indices: [0, 20, 40, 60, 80, 100, 120, 140, 159, 179, 199, 219, 239, 259, 279, 299],
    },
    { why: '5-frame clip of 0.5 s: min 4 ≤ 5 frames', duration: 0.5, total: 5, n: 4, indices: [0, 1, 3, 4] },
    { why: '5-frame clip of 5 s: total frames bind (5), made even', duration: 5, total: 5, n: 4, indices: [0, 1, 3, 4] },
    { why: '7.4 s: 14.8 floored to an even 14', duration: 7.4, total: 185, n: 14, indices: [0, 14, 28, 42, 57, 71, 85, 99, 113, 127, 142, 156, 170, 184] },
    { why: 'FrameSpec.frames = 8 caps a 10 s clip', duration: 10, total: 300, max: 8, n: 8, indices: [0, 43, 85, 128, 171, 214, 256, 299] },
    { why: 'odd cap 7 becomes 6', duration: 10, total: 300, max: 7, n: 6, indices: [0, 60, 120, 179, 239, 299] },
    { why: '1-frame clip: unusable (n = 0; the reference raises)', duration: 0.1, total: 1, n: 0, indices: [] },
    { why: '16 frames written at 2 fps read back whole', duration: 8, total: 16, n: 16, indices: Array.from({ length: 16 }, (_, i) => i) },
  ];
  it.each(cases)('$why', ({ duration, total, max, n, indices }) => {
    const got = sampleFrameCount(duration, total, { ...RULE, maxFrames: max ?? 16 });
    expect(got).toBe(n);
    expect(frameIndices(total, got)).toEqual(indices);
  });

  it('floors to even and rounds halves to even like torch.round', () => {
    expect([0, 1, 2, 3.9, 4, 15.99].map(floorEven)).toEqual([0, 0, 2, 2, 4, 14]);
    expect(frameIndices(4, 3)).toEqual([0, 2, 3]); // linspace 0, 1.5, 3
    expect(frameIndices(6, 3)).toEqual([0, 2, 5]); // linspace 0, 2.5, 5
  });

  it('keeps indices strictly increasing and inside the clip for every n ≤ total', () => {
    for (let total = 2; total <= 40; total++) {
      for (let n = 2; n <= total; n += 2) {
        const idx = frameIndices(total, n);
        expect(idx[0]).toBe(0);
        expect(idx[n - 1]).toBe(total - 1);
        for (let i = 1; i < n; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
      }
    }
  });

  describe('on real videos (ffmpeg)', () => {
    let dir: string;
    beforeAll(() => (dir = tmpDir()));
    afterAll(() => cleanup(dir));

    it.each([
      { seconds: 1, n: 4, indices: [0, 3, 6, 9] },
      { seconds: 3, n: 6, indices: [0, 6, 12, 17, 23, 29] },
      { seconds: 10, n: 16, indices: [0, 7, 13, 20, 26, 33, 40, 46, 53, 59, 66, 73, 79, 86, 92, 99] },
    ])('a $seconds s clip at 10 fps gives $n frames', async ({ seconds, n, indices }) => {
      const file = lavfiVideo(path.join(dir, `t${seconds}.mp4`), 'testsrc=size=64x48:rate=10', seconds);
      const r = await readVideoFrames(file, { frames: 16, height: 12, width: 16, channels: 3 }, RULE);
      expect(r.info.totalFrames).toBe(seconds * 10);
      expect(r.indices).toEqual(indices);
      expect([r.frames.t, r.frames.h, r.frames.w, r.frames.c]).toEqual([n, 12, 16, 3]);
      expect(r.frames.data.length).toBe(n * 12 * 16 * 3);
    });

    it('a 5-frame clip gives 4 frames', async () => {
      const file = lavfiVideo(path.join(dir, 'five.mp4'), 'testsrc=size=64x48:rate=10', 0.5);
      const r = await readVideoFrames(file, { frames: 16, height: 8, width: 8, channels: 3 }, RULE);
      expect(r.info.totalFrames).toBe(5);
      expect(r.indices).toEqual([0, 1, 3, 4]);
    });
  });
});
