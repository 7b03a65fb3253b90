import { permuteFrames } from '../../../../core/contracts/sample';
import { Rng } from '../../../../core/rng';
import { benchmarkSuite } from '../../../../plugins/data/synthetic/benchmarks';
import { FAMILIES, VIDEO_FAMILIES } from '../../../../plugins/data/synthetic/types';
import { SPEC, samplesOf } from './helpers';
import { answerOf, solve } from './solver';

const SPECS = [
  { why: 'training geometry', spec: SPEC },
  { why: 'smallest supported frames', spec: { frames: 8, height: 20, width: 20, channels: 3 } },
  { why: 'evaluation geometry, not square', spec: { frames: 32, height: 48, width: 40, channels: 3 } },
];

describe('every family answers what its frames show', () => {
  describe.each(FAMILIES)('%s', (family) => {
    it.each(SPECS)('an independent solver reading the frames agrees ($why)', async ({ spec }) => {
      const samples = await samplesOf(family, 100, spec, { seed: 11 });
      const wrong = samples.filter((s) => solve(s) !== answerOf(s)).map((s) => `${s.problem_id}: ${s.problem} solved ${solve(s)} != ${answerOf(s)}`);
      expect(wrong).toEqual([]);
    });
  });
});

describe('shuffled frames', () => {
  const TEMPORAL = ['direction', 'order', 'count', 'when', 'description'] as const;

  it.each(VIDEO_FAMILIES.map((f) => ({ family: f, temporal: (TEMPORAL as readonly string[]).includes(f) })))(
    'change the answers of temporal questions only ($family, temporal $temporal)',
    async ({ family, temporal }) => {
      const samples = await samplesOf(family, 200, SPEC, { seed: 5 });
      const rng = new Rng(99);
      const changed = samples.filter((s) => solve(s, permuteFrames(s.frames, rng.permutation(s.frames.t))) !== answerOf(s)).length / samples.length;
      expect(samples.every((s) => s.temporal === temporal)).toBe(true);
      // ordered frames are always right (above); shuffled ones lose the answer often for temporal
      // families (chance is at most 1/2 here) and never for static ones
      if (temporal) expect(changed).toBeGreaterThan(0.4);
      else expect(changed).toBe(0);
    },
  );
});

describe('the long-video suite', () => {
  it('is solved from 64 frames but not always from 16 (more frames help, paper Table 1)', () => {
    const accuracy = (frames: number): number => {
      const samples = benchmarkSuite('long', { seed: 3, count: 120, shortcutRate: 0 }, { ...SPEC, frames });
      return samples.filter((s) => solve(s) === answerOf(s)).length / samples.length;
    };
    expect(accuracy(64)).toBe(1);
    expect(accuracy(16)).toBeLessThan(0.85);
  });
});
