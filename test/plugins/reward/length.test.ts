import length from '../../../plugins/reward/length';
import { rewardTable } from '../../support/reward-table';

const at = (...tokenLength: number[]) => tokenLength.map((n) => ({ text: 'x', tokenLength: n }));

/** Rows follow grpo_trainer.py lines 633-654 (docs/released-code.md §2.4), defaults ω 0.2, [320, 512], ≥ 2 correct, > 0.1. */
rewardTable(length, {
  cases: [
    { why: 'worked example: two correct, one in range', completions: at(320, 600, 400), components: { accuracy: [1, 0.5, 0] }, expect: [0.2, 0, 0] },
    {
      why: 'closed bounds: 320 and 512 qualify, 319 and 513 do not',
      completions: at(319, 320, 512, 513),
      components: { accuracy: [1, 1, 1, 1] },
      expect: [0, 0.2, 0.2, 0],
    },
    { why: 'one correct completion is not enough (released-code gate)', completions: at(400, 400), components: { accuracy: [1, 0] }, expect: [0, 0] },
    { why: 'correct means accuracy > 0.1, so 0.1 is wrong', completions: at(400, 400, 400), components: { accuracy: [0.1, 0.11, 1] }, expect: [0, 0.2, 0.2] },
    {
      why: 'partial credit counts: free-form 0.15 is correct (docs/released-code.md §0.3)',
      completions: at(330, 340),
      components: { accuracy: [0.15, 0.2] },
      expect: [0.2, 0.2],
    },
    { why: 'wrong completions in range get nothing', completions: at(400, 400, 400), components: { accuracy: [1, 1, 0] }, expect: [0.2, 0.2, 0] },
    { why: 'no accuracy component: nobody is correct', completions: at(400, 400), expect: [0, 0] },
    { why: 'option omega', completions: at(400, 400), components: { accuracy: [1, 1] }, options: { omega: 0.5 }, expect: [0.5, 0.5] },
    {
      why: 'option min_correct 1 drops the gate (paper Eq. 5)',
      completions: at(400, 400),
      components: { accuracy: [1, 0] },
      options: { min_correct: 1 },
      expect: [0.2, 0],
    },
    { why: 'options l_min, l_max', completions: at(10, 20, 30), components: { accuracy: [1, 1, 1] }, options: { l_min: 15, l_max: 20 }, expect: [0, 0.2, 0] },
    { why: 'option threshold', completions: at(400, 400), components: { accuracy: [0.5, 0.6] }, options: { threshold: 0.5 }, expect: [0, 0] },
  ],
  robust: [
    { why: 'accuracy shorter than the group', completions: at(400, 400, 400), components: { accuracy: [1] } },
    { why: 'accuracy with NaN', completions: at(400, 400), components: { accuracy: [NaN, 1] } },
    { why: 'non-finite token lengths', completions: at(NaN, Infinity, -1), components: { accuracy: [1, 1, 1] } },
    { why: 'largest omega the schema allows', completions: at(400, 400), components: { accuracy: [1, 1] }, options: { omega: 1 } },
    { why: 'empty group', completions: [] },
  ],
});

describe('length options', () => {
  test.each([
    ['omega above 1 (range [0, 1] must hold)', { omega: 1.5 }],
    ['negative omega', { omega: -0.1 }],
    ['l_min above l_max', { l_min: 600 }],
    ['fractional token bound', { l_max: 512.5 }],
  ])('rejects %s', (_why, options) => {
    expect(length.options.safeParse(options).success).toBe(false);
  });

  test('defaults are the released code values', () => {
    expect(length.options.parse({})).toEqual({ omega: 0.2, l_min: 320, l_max: 512, min_correct: 2, threshold: 0.1 });
  });
});
