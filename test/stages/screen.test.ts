import { checkScreen, informative, keptOf, nextRoundSize, screenMetrics, type ScreenOptions } from '../../core/stages/screen';

/** A group as the screen sees it: totals and the accuracy component. */
const g = (acc: number[], extra: number[] = acc.map(() => 1)) => ({ rewards: acc.map((a, i) => a + extra[i]), components: { accuracy: acc, format: extra } });

const keep: ScreenOptions = { mode: 'keep', rounds: 4 };
const drop: ScreenOptions = { mode: 'drop', rounds: 4 };
const resample: ScreenOptions = { mode: 'resample', rounds: 3 };
const filtered: ScreenOptions = { mode: 'drop', rounds: 4, accuracy: { key: 'accuracy', low: 0.01, high: 0.99 } };

describe('rl.zero_std screen', () => {
  it.each([
    { why: 'all wrong, format constant: zero std', group: g([0, 0, 0, 0]), o: drop, want: false },
    { why: 'all right: zero std', group: g([1, 1, 1, 1]), o: drop, want: false },
    { why: '1 of 4 right', group: g([1, 0, 0, 0]), o: drop, want: true },
    { why: 'all wrong but format differs: totals vary, informative without a filter', group: g([0, 0, 0, 0], [1, 0, 1, 1]), o: drop, want: true },
    {
      why: 'the same group under the accuracy filter: mean accuracy 0 is outside (0.01, 0.99)',
      group: g([0, 0, 0, 0], [1, 0, 1, 1]),
      o: filtered,
      want: false,
    },
    { why: 'mean accuracy 0.5 inside the window', group: g([1, 1, 0, 0]), o: filtered, want: true },
  ])('$why', ({ group, o, want }) => expect(informative(group, o)).toBe(want));

  it('keep keeps every group, drop only the informative ones', () => {
    const groups = [g([0, 0, 0, 0]), g([1, 0, 0, 0]), g([1, 1, 1, 1]), g([1, 1, 0, 1])];
    expect(keptOf(groups, keep)).toEqual([true, true, true, true]);
    expect(keptOf(groups, drop)).toEqual([false, true, false, true]);
  });

  it('resample draws the deficit until prompts_per_step groups are kept, and stops at its bound', () => {
    // P = 4: round 1 draws 4; 1 kept → round 2 draws 3; 3 kept in all → round 3 draws 1; bound 3 reached → stop
    expect(nextRoundSize(resample, 4, 0, 0)).toBe(4);
    expect(nextRoundSize(resample, 4, 1, 1)).toBe(3);
    expect(nextRoundSize(resample, 4, 3, 2)).toBe(1);
    expect(nextRoundSize(resample, 4, 3, 3)).toBe(0);
    expect(nextRoundSize(resample, 4, 4, 1)).toBe(0);
    // keep and drop: one round only
    expect(nextRoundSize(drop, 4, 1, 1)).toBe(0);
    expect(nextRoundSize(keep, 4, 4, 1)).toBe(0);
  });

  it('metrics: zero-std share before filtering, and a short step says so', () => {
    const screened = [g([0, 0, 0, 0]), g([1, 0, 0, 0]), g([1, 1, 1, 1]), g([0, 0, 0, 0]), g([0, 1, 0, 0]), g([1, 1, 1, 1])];
    // 6 groups drawn in 3 rounds, 4 with zero std, 2 kept out of P = 4: short
    expect(screenMetrics(screened, 2, 3, 4, resample)).toEqual({
      frac_reward_zero_std: 4 / 6,
      'zero_std/informative_frac': 2 / 6,
      'zero_std/kept_groups': 2,
      'zero_std/resample_rounds': 3,
      'zero_std/short': 1,
    });
    expect(screenMetrics(screened.slice(0, 2), 2, 1, 2, keep)['zero_std/short']).toBe(0);
  });

  it('refuses a filter that cannot act, before any stage runs', () => {
    const f = { key: 'accuracy', low: 0.01, high: 0.99 };
    expect(() => checkScreen({ zero_std: 'keep', accuracy_filter: f }, ['accuracy'], 'x.yaml')).toThrow(/x\.yaml.*rl\.zero_std|rl\.zero_std[\s\S]*x\.yaml/);
    expect(() => checkScreen({ zero_std: 'drop', accuracy_filter: { ...f, key: 'acc' } }, ['accuracy', 'format'], 'x.yaml')).toThrow(/'acc'.*no reward/);
    expect(() => checkScreen({ zero_std: 'drop', accuracy_filter: { ...f, low: 0.9, high: 0.1 } }, ['accuracy'])).toThrow(/low < high/);
    expect(() => checkScreen({ zero_std: 'resample', accuracy_filter: f }, ['accuracy'])).not.toThrow();
  });
});
