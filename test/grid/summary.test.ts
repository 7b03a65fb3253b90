import { summarise } from '../../core/grid/summary';

describe('grid summary', () => {
  it('rolls seeds up into mean, sample std and a 95% t half-width (hand-worked), counting cells that did not finish', () => {
    // 0.5 0.6 0.7: mean 0.6, sd 0.1, half-width t(0.975, 2) · 0.1/√3 = 4.3026527 · 0.0577350 = 0.2484138
    const cell = (seed: number, acc: number, status: 'FINISHED' | 'FAILED' | 'KILLED' = 'FINISHED') => ({
      variant: 'a',
      axes: { 'rl.beta': 0.04 },
      seed,
      status,
      metrics: (status === 'FINISHED' ? { acc } : {}) as Record<string, number>,
    });
    const [s] = summarise([cell(0, 0.5), cell(1, 0.6), cell(2, 0.7), cell(3, 0, 'FAILED'), cell(4, 0, 'KILLED')]);
    expect(s.config).toBe('a beta=0.04');
    expect([s.n, s.failed]).toEqual([3, 2]);
    expect(s.mean.acc).toBeCloseTo(0.6, 12);
    expect(s.std.acc).toBeCloseTo(0.1, 12);
    expect(s.ci95.acc).toBeCloseTo(0.2484138, 6);
    const [one] = summarise([cell(0, 0.25)]);
    expect([one.mean.acc, one.std.acc, one.ci95.acc]).toEqual([0.25, 0, 0]);
  });
});
