import { NonFiniteGuard } from '../../core/stages/guard';

describe('NonFiniteGuard', () => {
  it('counts skipped steps and stops after max in a row (table by hand)', () => {
    const guard = new NonFiniteGuard(3);
    // skipped:   no  yes yes no  yes yes yes
    // total:     0   1   2   2   3   4   5
    // in a row:  0   1   2   0   1   2   3 → stop
    const steps = [false, true, true, false, true, true, true].map((s) => guard.record(s));
    expect(steps.map((s) => s.skippedSteps)).toEqual([0, 1, 2, 2, 3, 4, 5]);
    expect(steps.map((s) => s.inARow)).toEqual([0, 1, 2, 0, 1, 2, 3]);
    expect(steps.map((s) => s.stop)).toEqual([false, false, false, false, false, false, true]);
  });
});
