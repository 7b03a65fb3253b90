import temporalLogp from '../../plugins/reward/temporal-logp';
import type { Group } from '../../core/contracts/group';
import { makeGroup } from '../support/groups';
import { rewardTable } from '../support/reward-table';
import { checkRewardOrder, scoreGroups } from '../../core/rewards/pipeline';
import accuracy from '../../plugins/reward/accuracy';

const score = (g: Group, options: Record<string, unknown> = {}) => temporalLogp.score(g, temporalLogp.options.parse(options));
const withDrop = (accuracyValues: number[], drop: Group['logpDrop']): Group => ({ ...makeGroup({ accuracy: accuracyValues }), logpDrop: drop });

describe('reward temporal-logp (TaRO: weight · clip(drop, 0, cap) on correct completions)', () => {
  it.each([
    { why: 'doc example: weight .5, cap 1', accuracy: [1, 1, 0], drop: [0.4, -0.2, 0.9], options: { weight: 0.5 }, expect: [0.2, 0, 0] },
    { why: 'defaults weight .3, cap 1: a drop of 2 is capped at 1', accuracy: [1, 1], drop: [2, 0.5], options: {}, expect: [0.3, 0.15] },
    { why: 'cap is an option', accuracy: [1], drop: [2], options: { cap: 1.5, weight: 1 }, expect: [1.5] },
    { why: 'correct means accuracy > .1 (as the length reward)', accuracy: [0.1, 0.11], drop: [1, 1], options: { weight: 1 }, expect: [0, 1] },
  ])('$why', ({ accuracy: acc, drop, options, expect: want }) => {
    score(withDrop(acc, { shuffle: drop }), options).forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });

  it('reads the drop under its own transform only', () => {
    const g = withDrop([1, 1], { shuffle: [0.5, 0.5], reverse: [0.1, 0.2] });
    expect(score(g, { transform: 'reverse', weight: 1 })).toEqual([0.1, 0.2]);
    expect(score(withDrop([1], { shuffle: [0.5] }), { transform: 'static' })).toEqual([0]);
  });

  it('gives 0 where no drop was measured (image groups, contrast completions)', () => {
    expect(score(makeGroup({ accuracy: [1, 1] }))).toEqual([0, 0]);
  });

  it('declares what the stage must measure, and that accuracy runs before it', () => {
    expect(temporalLogp.frameScores?.(temporalLogp.options.parse({ transform: 'reverse' }))).toEqual({ transform: 'reverse' });
    expect(temporalLogp.needs).toEqual(['accuracy']);
    expect(() => checkRewardOrder([{ plugin: temporalLogp, options: {}, weight: 1 }])).toThrow(/needs reward 'accuracy'/);
  });

  it('the pipeline hands the measured drop to the ordered group only', () => {
    const rewards = [accuracy, temporalLogp].map((plugin) => ({ plugin, options: plugin.options.parse({}), weight: 1 }));
    const c = (text: string) => ({ text, tokenLength: 1 });
    const [g] = scoreGroups(
      [
        {
          sample: { problem_type: 'multiple choice', data_type: 'video', solution: '<answer>A</answer>' },
          completions: [c('<answer>A</answer>'), c('<answer>B</answer>')],
          contrast: [c('<answer>A</answer>')],
          logpDrop: { shuffle: [0.5, 0.5] },
        },
      ],
      rewards,
    );
    expect(g.components['temporal-logp']).toEqual([0.15, 0]);
    expect(g.contrastComponents?.['temporal-logp']).toEqual([0]);
    expect(g.rewards).toEqual([1.15, 0]);
  });
});

rewardTable(temporalLogp, {
  cases: [{ why: 'no measured drop: 0', texts: ['<answer>A</answer>'], components: { accuracy: [1] }, expect: 0 }],
  robust: [{ why: 'empty completion', text: '', components: { accuracy: [0] } }],
});
