import { bSimple, noiseEstimate, stepNoiseEstimate } from '../../core/stages/noise-scale';
import { Rng } from '../../core/rng';

/** McCandlish et al. 2018 App. A.1: |G|² and tr(Σ) from the squared gradient norms at two batch sizes. */
describe('gradient noise scale', () => {
  it.each([
    // |G|² = (B_big·big − B_small·small) / (B_big − B_small); tr(Σ) = (small − big) / (1/B_small − 1/B_big)
    { why: 'halves of 2, batch of 4', small: 5, big: 3, bs: 2, bb: 4, gradSq: (4 * 3 - 2 * 5) / 2, trace: (5 - 3) / (1 / 2 - 1 / 4) },
    { why: 'no noise: the norms agree', small: 2, big: 2, bs: 1, bb: 8, gradSq: 2, trace: 0 },
    { why: 'pure noise: the big batch halves the squared norm', small: 4, big: 2, bs: 1, bb: 2, gradSq: 0, trace: 4 },
  ])('by hand: $why', ({ small, big, bs, bb, gradSq, trace }) => {
    const e = noiseEstimate(small, big, bs, bb);
    expect(e.gradSq).toBeCloseTo(gradSq, 12);
    expect(e.trace).toBeCloseTo(trace, 12);
  });

  it('B_simple is the ratio of the means over steps, not the mean of ratios', () => {
    expect(
      bSimple([
        { gradSq: 1, trace: 8 },
        { gradSq: -0.5, trace: 2 },
      ]),
    ).toBeCloseTo(10 / 0.5, 12);
    expect(bSimple([])).toBeNaN();
    expect(() => noiseEstimate(1, 1, 4, 4)).toThrow(/B_small < B_big/);
  });

  /** Per-row gradients μ + σ·ε in d dimensions: |G|² = |μ|², tr(Σ) = d·σ² per row; a group of r rows has tr(Σ)/r. */
  it('recovers |μ|² and tr(Σ) of simulated per-prompt gradients, averaged over steps', () => {
    const rng = new Rng(11);
    const mu = [0.3, -0.4, 0]; // |μ|² = 0.25
    const sigma = 0.5;
    const rowsPerGroup = 2;
    const norm = (rows: readonly number[][]) => Math.hypot(...mu.map((_, k) => rows.reduce((a, r) => a + r[k], 0) / rows.length));
    const steps = Array.from({ length: 4000 }, () => {
      const rows = Array.from({ length: 6 * rowsPerGroup }, () => mu.map((m) => m + sigma * rng.normal()));
      return stepNoiseEstimate(rows, 6, rowsPerGroup, norm)!;
    });
    const mean = (f: (e: { gradSq: number; trace: number }) => number) => steps.reduce((a, e) => a + f(e), 0) / steps.length;
    expect(mean((e) => e.gradSq)).toBeCloseTo(0.25, 1);
    // per prompt (a group of 2 rows): 3 · 0.25 / 2
    expect(mean((e) => e.trace)).toBeCloseTo((3 * sigma * sigma) / rowsPerGroup, 1);
    expect(bSimple(steps)).toBeGreaterThan(1.2);
    expect(bSimple(steps)).toBeLessThan(1.8); // 0.375 / 0.25 = 1.5
  });

  it('splits the kept groups into two halves of ⌊K/2⌋ groups (an odd last group left out) and needs two groups', () => {
    const seen: number[][] = [];
    const rows = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    stepNoiseEstimate(rows, 5, 2, (batch) => (seen.push([...batch]), 1));
    expect(seen).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [0, 1, 2, 3, 4, 5, 6, 7],
    ]);
    expect(stepNoiseEstimate([0, 1], 1, 2, () => 1)).toBeUndefined();
  });
});
