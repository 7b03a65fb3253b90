import { rowsOf, type RunPoint, verdictsOf } from '../../core/grid/verdicts';

const run = (variant: string, configKey: string, seed: number, acc: number): RunPoint => ({
  id: `${variant}-${configKey}-${seed}`,
  variant,
  configKey,
  seed,
  metrics: { acc },
});

describe('paired verdicts', () => {
  it('pairs by seed: mean ± t interval of variant − baseline, verdict from the interval (hand-worked)', () => {
    // baseline 0.5 0.6 0.7, variant 0.6 0.8 0.9: differences 0.1 0.2 0.2, mean 1/6,
    // sd sqrt(((−1/15)² + 2·(1/30)²)/2) = 0.0577350, se 0.0333333, t(0.975, 2) = 4.3026527,
    // half-width 0.1434218 → [0.0232449, 0.3100884]: better
    const runs = [
      run('base', 'k0', 0, 0.5),
      run('base', 'k0', 1, 0.6),
      run('base', 'k0', 2, 0.7),
      run('v', 'k1', 2, 0.9),
      run('v', 'k1', 0, 0.6),
      run('v', 'k1', 1, 0.8),
    ];
    const { rows, verdicts } = verdictsOf(runs, 'base', ['acc']);
    expect(verdicts).toHaveLength(1);
    const v = verdicts[0];
    expect(v.variant).toBe('v');
    expect(v.seeds).toBe(3);
    expect(v.diff).toBeCloseTo(1 / 6, 10);
    expect(v.ci95![0]).toBeCloseTo(0.0232449, 6);
    expect(v.ci95![1]).toBeCloseTo(0.3100884, 6);
    expect(v.verdict).toBe('better');
    // the baseline row: mean 0.6, sd 0.1, half-width 4.3026527 · 0.1/√3 = 0.2484138
    expect(rows[0].metrics.acc.mean).toBeCloseTo(0.6, 12);
    expect(rows[0].metrics.acc.ci95![0]).toBeCloseTo(0.6 - 0.2484138, 6);
  });

  it('is worse below 0, inconclusive across 0 and with one paired seed', () => {
    const worse = verdictsOf([run('b', 'k', 0, 0.5), run('b', 'k', 1, 0.6), run('v', 'x', 0, 0.3), run('v', 'x', 1, 0.41)], 'b', ['acc']).verdicts[0];
    // differences −0.2, −0.19: mean −0.195, sd 0.0070711, half 12.7062 · 0.005 = 0.0635310
    expect(worse.diff).toBeCloseTo(-0.195, 10);
    expect(worse.ci95![1]).toBeCloseTo(-0.195 + 0.063531, 5);
    expect(worse.verdict).toBe('worse');
    const mixed = verdictsOf([run('b', 'k', 0, 0.5), run('b', 'k', 1, 0.6), run('v', 'x', 0, 0.6), run('v', 'x', 1, 0.5)], 'b', ['acc']).verdicts[0];
    expect(mixed.diff).toBeCloseTo(0, 12);
    expect(mixed.verdict).toBe('inconclusive');
    // seed 1 only in the baseline: one pair, no interval
    const one = verdictsOf([run('b', 'k', 0, 0.5), run('b', 'k', 1, 0.6), run('v', 'x', 0, 0.9)], 'b', ['acc']).verdicts[0];
    expect(one).toMatchObject({ seeds: 1, ci95: null, verdict: 'inconclusive' });
    expect(one.diff).toBeCloseTo(0.4, 12);
  });

  it('two configs sharing a name and a seed stay two rows', () => {
    const { rows } = rowsOf([run('my-smoke', 'aaa', 0, 0.25), run('my-smoke', 'bbb', 0, 0.125)], ['acc']);
    expect(rows.map((r) => [r.variant, r.config_key, r.seeds, r.metrics.acc.mean])).toEqual([
      ['my-smoke', 'aaa', 1, 0.25],
      ['my-smoke', 'bbb', 1, 0.125],
    ]);
  });
});
