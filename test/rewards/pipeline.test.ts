import tGrpo from '../../plugins/advantage/t-grpo';
import accuracy from '../../plugins/reward/accuracy';
import format from '../../plugins/reward/format';
import { checkEstimatorNeeds, rewardMetrics, scoreGroups, type ConfiguredReward } from '../../core/rewards/pipeline';
import { UserError } from '../../core/errors';
import grpo from '../../plugins/advantage/grpo';

const rewards: ConfiguredReward[] = [
  { plugin: accuracy, options: accuracy.options.parse({}), weight: 1 },
  { plugin: format, options: format.options.parse({}), weight: 1 },
];
const c = (text: string) => ({ text, tokenLength: 1 });

describe('reward pipeline', () => {
  it('sums weighted components in order and scores the contrast group too', () => {
    const [g] = scoreGroups(
      [
        {
          sample: { problem_type: 'multiple choice', data_type: 'video', solution: '<answer>A</answer>' },
          completions: [c('<think>x</think><answer>A</answer>'), c('<answer>B</answer>')],
          contrast: [c('<answer>A</answer>')],
        },
      ],
      [rewards[0], { ...rewards[1], weight: 0.5 }],
    );
    expect(g.components).toEqual({ accuracy: [1, 0], format: [1, 0] });
    expect(g.contrastComponents).toEqual({ accuracy: [1], format: [0] });
    expect(g.rewards).toEqual([1.5, 0]);
  });

  it("logs reward and reward_std on the totals the advantages normalise (bonus included); frac_reward_zero_std is the screen's", () => {
    // accuracy [1,0,0,0], format [0,1,1,1]: raw totals all 1 (no spread); p = .25 ≥ p~ = 0 grants +.3 to the first
    const groups = scoreGroups(
      [
        {
          sample: { problem_type: 'multiple choice', data_type: 'video', solution: '<answer>A</answer>' },
          completions: [
            c('<answer>A</answer>'),
            c('<think>x</think><answer>B</answer>'),
            c('<think>x</think><answer>B</answer>'),
            c('<think>x</think><answer>B</answer>'),
          ],
          contrast: [c('<answer>C</answer>')],
        },
      ],
      rewards,
    );
    const est = tGrpo.estimate(groups, tGrpo.options.parse({}));
    expect(est.totals[0]).toEqual([1.3, 1, 1, 1]);
    const m = rewardMetrics(groups, rewards, est.totals);
    expect(m.reward).toBeCloseTo(4.3 / 4, 12);
    expect(m.reward_std).toBeCloseTo(Math.sqrt((0.225 ** 2 + 3 * 0.075 ** 2) / 3), 12); // sample std of [1.3,1,1,1]
    expect(m).not.toHaveProperty('frac_reward_zero_std'); // computed once, by screenMetrics
    expect(m['rewards/accuracy/mean']).toBe(0.25); // components stay without the bonus
  });
});

describe('checkEstimatorNeeds (the config check, before any stage runs)', () => {
  it('refuses t-grpo without the reward its accuracy_key names, naming the key', () => {
    expect(() => checkEstimatorNeeds(tGrpo, tGrpo.options.parse({}), ['format'], 'exp.yaml')).toThrow(UserError);
    expect(() => checkEstimatorNeeds(tGrpo, tGrpo.options.parse({}), ['format'], 'exp.yaml')).toThrow(/reads the reward component 'accuracy'/);
    expect(() => checkEstimatorNeeds(tGrpo, tGrpo.options.parse({ accuracy_key: 'acc2' }), ['accuracy'])).toThrow(/'acc2'/);
  });

  it('accepts the component when a reward of that name is configured, and estimators that need none', () => {
    expect(() => checkEstimatorNeeds(tGrpo, tGrpo.options.parse({}), ['accuracy', 'format'])).not.toThrow();
    expect(() => checkEstimatorNeeds(grpo, grpo.options.parse({}), [])).not.toThrow();
  });
});
