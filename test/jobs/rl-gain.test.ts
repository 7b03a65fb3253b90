import { rlGain, rlGainLine, rlGainMetrics } from '../../core/jobs/rl-gain';
import type { EvalOutcome, ScoredAnswer } from '../../core/stages/eval';

const mc = (scores: number[]): ScoredAnswer[] => scores.map((score) => ({ problemType: 'multiple choice', score }));
const outcome = (answers: Record<string, ScoredAnswer[]>): EvalOutcome => ({ results: [], metrics: {}, answers });
/** n questions: `up` flip 0 → 1, `down` flip 1 → 0, `same1` stay 1, the rest stay 0. */
function flips(n: number, up: number, down: number, same1: number): [number[], number[]] {
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < n; i++) {
    const [b, a] = i < up ? [0, 1] : i < up + down ? [1, 0] : i < up + down + same1 ? [1, 1] : [0, 0];
    before.push(b);
    after.push(a);
  }
  return [before, after];
}

describe('rl_gain: the paired eval gain', () => {
  it('one suite of 100: 20 up, 5 down → +0.15, interval near the paired normal one [0.057, 0.244]', () => {
    // discordant shares p+ 0.20, p- 0.05: var of the per-question diff = 0.25 − 0.15² = 0.2275,
    // se = √(0.2275 / 100) = 0.0477 → 0.15 ± 1.96·0.0477 = [0.0565, 0.2435]
    const [b, a] = flips(100, 20, 5, 30);
    const g = rlGain(outcome({ s: mc(b) }), outcome({ s: mc(a) }), 0);
    expect(g.before).toBeCloseTo(0.35, 12);
    expect(g.after).toBeCloseTo(0.5, 12);
    expect(g.diff).toBeCloseTo(0.15, 12);
    expect(g.ci95[0]).toBeGreaterThan(0.0565 - 0.02);
    expect(g.ci95[0]).toBeLessThan(0.0565 + 0.02);
    expect(g.ci95[1]).toBeGreaterThan(0.2435 - 0.02);
    expect(g.ci95[1]).toBeLessThan(0.2435 + 0.02);
    expect(g.n).toBe(100);
    expect(rlGainLine(g)).toMatch(/^rl_gain eval\/mean\/acc 0\.350 → 0\.500: \+0\.150 95% CI \[\+0\.\d{3}, \+0\.\d{3}\] \(n 100 questions, paired\)$/);
  });

  it('no change at all: a zero-width interval at 0', () => {
    const [b] = flips(50, 0, 0, 20);
    const g = rlGain(outcome({ s: mc(b) }), outcome({ s: mc(b) }), 0);
    expect([g.diff, ...g.ci95]).toEqual([0, 0, 0]);
  });

  it('the headline is the mean of suite accuracies; per suite and as metrics', () => {
    // suite a (10 questions): 0.2 → 0.6; suite b (40): 0.5 → 0.5 → mean of suites 0.35 → 0.55, +0.2 (pooled would be +0.08)
    const [ab, aa] = flips(10, 4, 0, 2);
    const [bb] = flips(40, 0, 0, 20);
    const g = rlGain(outcome({ a: mc(ab), b: mc(bb) }), outcome({ a: mc(aa), b: mc(bb) }), 1);
    expect(g.before).toBeCloseTo(0.35, 12);
    expect(g.after).toBeCloseTo(0.55, 12);
    expect(g.diff).toBeCloseTo(0.2, 12);
    expect(g.suites.a.diff).toBeCloseTo(0.4, 12);
    expect(g.suites.b.diff).toBe(0);
    const m = rlGainMetrics(g);
    expect(m['rl_gain/diff']).toBeCloseTo(0.2, 12);
    expect(m['rl_gain/ci_low']).toBe(g.ci95[0]);
    expect(m['rl_gain/ci_high']).toBe(g.ci95[1]);
    expect(m['rl_gain/a/diff']).toBeCloseTo(0.4, 12);
  });

  it('a VSI-rule suite weighs its multiple-choice and regression items half each, as its acc does', () => {
    // 2 MC items 0 → 1 (mean_acc 0 → 1), 6 regression items unchanged at 0.5: acc 0.25 → 0.75
    const before = [...mc([0, 0]), ...Array.from({ length: 6 }, () => ({ problemType: 'regression', score: 0.5 }))];
    const after = [...mc([1, 1]), ...before.slice(2)];
    const g = rlGain(outcome({ spatial: before }), outcome({ spatial: after }), 2);
    expect(g.before).toBeCloseTo(0.25, 12);
    expect(g.after).toBeCloseTo(0.75, 12);
    expect(g.diff).toBeCloseTo(0.5, 12);
  });

  it('is seeded, and refuses evaluations of different questions', () => {
    const [b, a] = flips(60, 10, 4, 10);
    expect(rlGain(outcome({ s: mc(b) }), outcome({ s: mc(a) }), 3)).toEqual(rlGain(outcome({ s: mc(b) }), outcome({ s: mc(a) }), 3));
    expect(() => rlGain(outcome({ s: mc(b) }), outcome({ s: mc(a.slice(1)) }), 0)).toThrow(/same questions/);
  });
});
