import emaGrpo, { emaStd, type EmaState } from '../../../plugins/advantage/ema-grpo';
import { estimatorTable } from '../../support/estimator-table';
import { makeGroup } from '../../support/groups';

const mc = (rewards: number[]) => makeGroup({ rewards });
const num = (rewards: number[]) => makeGroup({ rewards, sample: { problem_type: 'numerical' } });

estimatorTable(emaGrpo, {
  cases: [
    {
      // first batch of a task: moments = its own mean .5 and mean square .5 → var .25, std .5
      why: 'the first batch initialises the task moments, then scales by their std',
      groups: [mc([1, 0, 0, 1])],
      advantages: [[0.5 / 0.500001, -0.5 / 0.500001, -0.5 / 0.500001, 0.5 / 0.500001]],
      nextState: { 'multiple choice': { m1: 0.5, m2: 0.5 } },
      metrics: { 'ema/std': 0.5, 'ema/fallback_rate': 0 },
    },
    {
      // prior (0, 0), batch m1 .5, m2 .5, decay .99: m1 = m2 = .005, var .005 − .000025 = .004975, std .0705;
      // centred ±.5 / .0705 = ±7.09 > 5 → this group falls back to its population std .5
      why: 'a group beyond |A| > 5 under the EMA std falls back to its own population std (guard)',
      groups: [num([0, 1])],
      state: { numerical: { m1: 0, m2: 0 } },
      advantages: [[-0.5 / 0.500001, 0.5 / 0.500001]],
      nextState: { numerical: { m1: (1 - 0.99) * 0.5, m2: (1 - 0.99) * 0.5 } }, // .005 in float64 as computed
      metrics: { 'ema/fallback_rate': 1, 'ema/std': Math.sqrt(0.004975) },
    },
    {
      // tasks keep separate moments: numerical [2, 0] → m1 1, m2 2, std 1; mc untouched
      why: 'each problem type keeps its own moments',
      groups: [num([2, 0])],
      state: { 'multiple choice': { m1: 0.5, m2: 0.5 } },
      advantages: [[1 / 1.000001, -1 / 1.000001]],
      nextState: { 'multiple choice': { m1: 0.5, m2: 0.5 }, numerical: { m1: 1, m2: 2 } },
    },
    {
      why: 'an all-equal group has zero advantage',
      groups: [mc([1, 1, 1])],
      advantages: [[0, 0, 0]],
    },
  ],
});

describe('ema-grpo over three steps (decay 0.5, by hand)', () => {
  it('updates the moments before scaling, step by step', () => {
    const o = emaGrpo.options.parse({ decay: 0.5 });
    let state = emaGrpo.initialState?.(o);
    const step = (rewards: number[]) => {
      const r = emaGrpo.estimate([mc(rewards)], o, state);
      state = r.state;
      return r.advantages[0];
    };
    // step 1 [1,0,0,1]: init m1 .5, m2 .5 → std .5; A = ±.5/(.5 + 1e-6)
    step([1, 0, 0, 1]).forEach((a, i) => expect(a).toBeCloseTo([1, -1, -1, 1][i] * (0.5 / 0.500001), 12));
    // step 2 [2,0,0,0]: batch m1 .5, m2 1 → m1 .5·.5 + .5·.5 = .5, m2 .5·.5 + .5·1 = .75; var .5, std .7071068
    const s2 = Math.SQRT1_2 + 1e-6;
    step([2, 0, 0, 0]).forEach((a, i) => expect(a).toBeCloseTo([1.5, -0.5, -0.5, -0.5][i] / s2, 12));
    expect(state).toEqual({ 'multiple choice': { m1: 0.5, m2: 0.75 } });
    // step 3 [3,1,1,1]: batch m1 1.5, m2 3 → m1 .5·.5 + .5·1.5 = 1, m2 .5·.75 + .5·3 = 1.875; var .875, std .9354143
    const s3 = Math.sqrt(0.875) + 1e-6;
    step([3, 1, 1, 1]).forEach((a, i) => expect(a).toBeCloseTo([1.5, -0.5, -0.5, -0.5][i] / s3, 12));
    expect(state).toEqual({ 'multiple choice': { m1: 1, m2: 1.875 } });
  });

  it('resumes exactly from a saved (JSON round-tripped) state', () => {
    const o = emaGrpo.options.parse({});
    const batches = [
      [1, 0, 0, 1],
      [2, 0, 0, 0],
      [3, 1, 1, 1],
    ];
    let straight: unknown = emaGrpo.initialState?.(o);
    const last: number[][] = [];
    for (const b of batches) {
      const r = emaGrpo.estimate([mc(b)], o, straight);
      straight = r.state;
      last.push(r.advantages[0]);
    }
    let s: unknown = emaGrpo.initialState?.(o);
    for (const b of batches.slice(0, 2)) s = emaGrpo.estimate([mc(b)], o, s).state;
    const resumed = emaGrpo.estimate([mc(batches[2])], o, JSON.parse(JSON.stringify(s)) as EmaState);
    expect(resumed.advantages[0]).toEqual(last[2]);
    expect(resumed.state).toEqual(straight);
  });

  it('floors the std at min_std', () => {
    expect(emaStd({ m1: 1, m2: 1 }, 1e-3)).toBe(1e-3);
  });
});
