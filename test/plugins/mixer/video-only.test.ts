import type { DataMixer, MixerDeps } from '../../../core/contracts/data';
import { isUserError } from '../../../core/errors';
import { PluginRegistry } from '../../../core/registry/registry';
import { Rng } from '../../../core/rng';
import mixers from '../../../plugins/mixer';
import type { VideoOnlyReport } from '../../../plugins/mixer/video-only';
import { pool } from './pool';

const registry = new PluginRegistry({ mixer: mixers });
const create = (p: ReturnType<typeof pool>) => registry.create<DataMixer, MixerDeps>('mixer', { name: 'video-only' }, { pool: p });

describe('video-only mixer', () => {
  it('never yields images, keeps video categories in pool proportion, and reports the excluded images', async () => {
    const m = await create(pool({ 'image/Chart': 50, 'video/a': 30, 'video/b': 10 }));
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) {
      const b = m.next(32, rng);
      expect(b.modalities).toEqual({ image: 0, video: 32 });
      expect(b.samples.every((s) => s.data_type === 'video')).toBe(true);
    }
    const r = m.report() as VideoOnlyReport;
    expect(r.total).toBe(6400);
    expect(r.byModality).toEqual({ image: 0, video: 6400 });
    expect(Math.abs(r.byCategory['video/a'] / r.total - 0.75)).toBeLessThan(0.015);
    expect(r.excluded).toEqual({ image: 50 });
  });

  it('is reproducible from the seed', async () => {
    const p = pool({ 'video/a': 20, 'image/x': 3 });
    const ids = async (seed: number) => (await create(p)).next(50, new Rng(seed)).samples.map((s) => s.problem_id);
    expect(await ids(9)).toEqual(await ids(9));
    expect(await ids(9)).not.toEqual(await ids(10));
  });

  it('fails when the pool has no videos', async () => {
    const e = await create(pool({ 'image/Chart': 5 })).catch((x: unknown) => x);
    expect(isUserError(e)).toBe(true);
    expect((e as Error).message).toMatch(/needs video samples but the pool has none.*found 5 samples, 5 of them images/);
  });
});
