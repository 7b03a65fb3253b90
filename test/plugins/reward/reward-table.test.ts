import { z } from 'zod';
import { defineReward } from '../../../core/contracts/reward';
import { expectValidScores, groupOf } from '../../support/reward-table';

/** The shared tester's own building blocks (the tables above rely on them). */
const constant = (value: number) =>
  defineReward({ name: 'constant', description: 'Return a constant', options: z.object({}), range: [0, 1], score: (g) => g.completions.map(() => value) });

describe('groupOf', () => {
  test('fills the default sample, word-count token lengths and summed rewards', () => {
    const g = groupOf({ why: 'x', texts: ['a b', ''], components: { accuracy: [1, 0], format: [1] } });
    expect(g.sample).toEqual({ problem_type: 'multiple choice', solution: '<answer>A</answer>', data_type: 'video' });
    expect(g.completions).toEqual([
      { text: 'a b', tokenLength: 2 },
      { text: '', tokenLength: 0 },
    ]);
    expect(g.rewards).toEqual([2, 0]);
  });

  test('row sample overrides table sample; explicit completion fields win', () => {
    const g = groupOf({ why: 'x', completions: [{ tokenLength: 400 }], sample: { solution: 's' } }, { problem_type: 'OCR', solution: 't' });
    expect(g.sample).toMatchObject({ problem_type: 'OCR', solution: 's' });
    expect(g.completions).toEqual([{ text: '', tokenLength: 400 }]);
  });
});

describe('expectValidScores', () => {
  const group = groupOf({ why: 'x', texts: ['a', 'b'] });
  test.each([
    ['out of range', [0, 2]],
    ['NaN', [0, NaN]],
    ['wrong length', [0]],
  ])('fails on %s', (_why, scores) => {
    expect(() => expectValidScores(constant(0), group, scores)).toThrow();
  });
  test('passes on valid scores', () => {
    expect(() => expectValidScores(constant(0), group, [0, 1])).not.toThrow();
  });
});
