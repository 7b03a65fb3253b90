import type { MixerDeps, DataMixer } from '../../../core/contracts/data';
import type { Sample } from '../../../core/contracts/sample';
import { isUserError } from '../../../core/errors';
import { PluginRegistry } from '../../../core/registry/registry';
import { Rng } from '../../../core/rng';
import mixers from '../../../plugins/mixer';
import imageVideo, { PAPER_SHARES, type ImageVideoReport } from '../../../plugins/mixer/image-video';
import { pool } from './pool';

const FULL = {
  'image/General': 5,
  'image/Chart': 5,
  'image/OCR': 5,
  'image/Math': 5,
  'image/Knowledge': 5,
  'image/Spatial': 5,
  'video/direction': 30,
  'video/count': 10,
};
const registry = new PluginRegistry({ mixer: mixers });
const create = (p: Sample[], options: Record<string, unknown> = {}) =>
  registry.create<DataMixer, MixerDeps>('mixer', { name: 'image-video', options }, { pool: p });

function draw(m: DataMixer, seed: number, batches: number, size: number): Sample[] {
  const rng = new Rng(seed);
  return Array.from({ length: batches }, () => m.next(size, rng).samples).flat();
}

describe('image-video mixer', () => {
  it('defaults to the Video-R1-260k composition', () => {
    expect(imageVideo.options.parse({})).toEqual({ shares: { ...PAPER_SHARES } });
  });

  it('realises the configured shares over many draws (video/* split by pool size)', async () => {
    const m = await create(pool(FULL));
    draw(m, 1, 400, 64);
    const r = m.report() as ImageVideoReport;
    expect(r.total).toBe(25600);
    const want: Record<string, number> = {
      'image/Chart': 21 / 262,
      'image/General': 15 / 262,
      'image/OCR': 16 / 262,
      'image/Math': 37 / 262,
      'image/Knowledge': 37 / 262,
      'image/Spatial': 20 / 262,
      'video/direction': (116 / 262) * 0.75,
      'video/count': (116 / 262) * 0.25,
    };
    for (const [k, v] of Object.entries(want)) {
      expect(r.shares.effective[k]).toBeCloseTo(v, 10);
      expect(Math.abs(r.byCategory[k] / r.total - v)).toBeLessThan(0.01);
    }
    expect(Math.abs(r.byModality.video / r.total - 116 / 262)).toBeLessThan(0.01);
    expect(r.shares.redistributed).toEqual([]);
    expect(r.shares.unmatched).toEqual([]);
  });

  it('is reproducible from the seed and batches carry their modality counts', async () => {
    const a = draw(await create(pool(FULL)), 7, 5, 16).map((s) => s.problem_id);
    const b = draw(await create(pool(FULL)), 7, 5, 16).map((s) => s.problem_id);
    const c = draw(await create(pool(FULL)), 8, 5, 16).map((s) => s.problem_id);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const batch = (await create(pool(FULL))).next(32, new Rng(3));
    expect(batch.samples).toHaveLength(32);
    expect(batch.modalities.image + batch.modalities.video).toBe(32);
    expect(batch.modalities.video).toBe(batch.samples.filter((s) => s.data_type === 'video').length);
  });

  it('gives a missing category’s share to its modality and reports it', async () => {
    const { 'image/Spatial': _s, ...noSpatial } = FULL;
    const m = await create(pool(noSpatial));
    draw(m, 2, 200, 64);
    const r = m.report() as ImageVideoReport;
    expect(r.shares.redistributed).toEqual([{ from: 'image/spatial', share: 20 / 262, to: 'same modality' }]);
    expect(r.shares.notes[0]).toMatch(/image\/spatial: no samples in the pool; its share 0\.0763 went to the other image categories/);
    expect(r.shares.effective['image/Chart']).toBeCloseTo((21 / 262) * (146 / 126), 10);
    expect(r.byCategory['image/Spatial']).toBeUndefined();
    expect(Math.abs(r.byModality.image / r.total - 146 / 262)).toBeLessThan(0.01);
  });

  it('gives a missing modality’s share to everything present, and lists unmatched categories', async () => {
    const m = await create(pool({ 'video/a': 3, 'video/b': 1, 'image/Diagrams': 4 }));
    draw(m, 4, 10, 64);
    const r = m.report() as ImageVideoReport;
    expect(r.shares.redistributed.map((x) => [x.from, x.to])).toEqual(
      ['image/chart', 'image/general', 'image/knowledge', 'image/math', 'image/ocr', 'image/spatial'].map((k) => [k, 'all present']),
    );
    expect(r.shares.unmatched).toEqual(['image/Diagrams']);
    expect(r.shares.notes).toContain('image/Diagrams: no share configured for it, so it is never drawn');
    expect(r.byModality.image).toBe(0);
    expect(r.shares.effective).toEqual({ 'video/a': 0.75, 'video/b': 0.25, 'image/Diagrams': 0 });
  });

  it('matches category names case-insensitively and accepts custom shares', async () => {
    const m = await create(pool({ 'image/CHART': 2, 'video/x': 2 }), { shares: { 'image/Chart': 1, 'video/*': 3 } });
    draw(m, 5, 100, 40);
    const r = m.report();
    expect(Math.abs(r.byCategory['image/CHART'] / r.total - 0.25)).toBeLessThan(0.02);
  });

  it.each([
    [{ shares: { 'audio/x': 1 } }, /bad mixer share key/],
    [{ shares: { 'image/a': 0 } }, /must not all be zero/],
    [{ shares: { 'image/A': 1, 'image/a': 1 } }, /named twice/],
    [{ shares: { 'image/none': 1 } }, /no sample in the pool matches/],
    [{ share: {} }, /invalid options/],
  ])('rejects bad shares %j', async (options, msg) => {
    const e = await create(pool({ 'video/x': 1 }), options).catch((x: unknown) => x);
    expect(isUserError(e)).toBe(true);
    expect((e as Error).message).toMatch(msg);
  });

  it('rejects an empty pool', async () => {
    await expect(create([])).rejects.toThrow(/empty pool/);
  });
});
