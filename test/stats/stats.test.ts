import { Rng } from '../../core/rng';
import { mean, meanCi95, pairedBootstrapCi95, pairedCi95, sampleStd, tCritical95, verdictOf } from '../../core/stats';

describe('core/stats', () => {
  it('moments agree on empty and single input', () => {
    expect(mean([])).toBeNaN();
    expect(sampleStd([])).toBeNaN();
    expect(sampleStd([3])).toBe(0);
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('Student-t critical values beyond any table (df 1, 2, 30, 100)', () => {
    expect(tCritical95(1)).toBeCloseTo(12.7062, 3);
    expect(tCritical95(2)).toBeCloseTo(4.3027, 3);
    expect(tCritical95(30)).toBeCloseTo(2.0423, 3);
    expect(tCritical95(100)).toBeCloseTo(1.984, 3);
    expect(() => tCritical95(0)).toThrow(/df >= 1/);
  });

  it('t interval over three seeds, by hand', () => {
    // xs 0.1 0.2 0.3: mean 0.2, sd 0.1, se 0.1/√3 = 0.057735, t(2) 4.302653 → half 0.248414
    const iv = meanCi95([0.1, 0.2, 0.3]);
    expect(iv.mean).toBeCloseTo(0.2, 12);
    expect(iv.half).toBeCloseTo(0.248414, 5);
    expect(verdictOf(iv)).toBe('inconclusive'); // 0.2 ± 0.248 straddles 0
    expect(verdictOf(meanCi95([0.3, 0.31, 0.32]))).toBe('better');
    expect(verdictOf(meanCi95([-0.3, -0.31, -0.32]))).toBe('worse');
    expect(meanCi95([0.5]).half).toBe(0);
    expect(verdictOf(meanCi95([-0.1, 0.1]))).toBe('inconclusive');
  });

  it('paired t interval pairs by index', () => {
    // diffs 0.1, 0.1, 0.1: zero spread, a zero-width interval at 0.1
    const iv = pairedCi95([0.2, 0.3, 0.4], [0.3, 0.4, 0.5]);
    expect(iv.mean).toBeCloseTo(0.1, 12);
    expect(iv.half).toBeCloseTo(0, 12);
    expect(() => pairedCi95([1], [1, 2])).toThrow(/equal lengths/);
  });

  it('paired bootstrap: identical outcomes give a zero interval; a sure gain excludes 0; the statistic is the mean of strata', () => {
    const same = Array.from({ length: 20 }, (_, i) => ({ stratum: 's', before: i % 2, after: i % 2 }));
    const z = pairedBootstrapCi95(same, new Rng(1), { resamples: 500 });
    expect([z.mean, z.lo, z.hi]).toEqual([0, 0, 0]);
    // stratum a: 10 questions, 5 flipped 0→1 (diff mean 0.5); stratum b: 10 questions unchanged.
    // the mean over strata is (0.5 + 0) / 2 = 0.25, not the pooled 5/20 (equal here) — make b larger to tell them apart
    const a = Array.from({ length: 10 }, (_, i) => ({ stratum: 'a', before: 0, after: i < 5 ? 1 : 0 }));
    const b = Array.from({ length: 30 }, () => ({ stratum: 'b', before: 1, after: 1 }));
    const iv = pairedBootstrapCi95([...a, ...b], new Rng(2), { resamples: 2000 });
    expect(iv.mean).toBeCloseTo(0.25, 12); // pooled would be 5/40 = 0.125
    expect(iv.lo).toBeGreaterThan(0);
    expect(iv.hi).toBeLessThanOrEqual(0.5);
    expect(iv.n).toBe(40);
    // seeded: same rng state, same interval
    expect(pairedBootstrapCi95([...a, ...b], new Rng(2), { resamples: 2000 })).toEqual(iv);
    // weights: 0.25 on a, 0.75 on b → 0.25·0.5 = 0.125
    expect(pairedBootstrapCi95([...a, ...b], new Rng(2), { resamples: 10, weights: { a: 0.25, b: 0.75 } }).mean).toBeCloseTo(0.125, 12);
  });
});
