import type { Completion, Group } from '../../core/contracts/group';
import type { RewardPlugin } from '../../core/contracts/reward';
import type { Sample } from '../../core/contracts/sample';
import { benchScore } from '../../plugins/shared/scoring/eval-bench';
import { answerKind, priorScores } from '../../core/stages/prior-baseline';
import type { ConfiguredReward } from '../../core/rewards/pipeline';

/** eval_bench.py's rule (reward `eval-bench`), per completion. */
const bench: ConfiguredReward = {
  plugin: { score: (g: Group) => g.completions.map((c) => benchScore(g.sample, c.text)) } as unknown as RewardPlugin,
  options: {},
  weight: 1,
};

const q = (category: string, truth: string, options = ['A. x', 'B. y', 'C. z'], problem_type = 'multiple choice'): Sample =>
  ({ category, problem_type, options, solution: `<answer>${truth}</answer>` }) as Sample;
const said = (...answers: string[]): Completion[] => answers.map((a) => ({ text: `<think>.</think><answer>${a}</answer>`, tokenLength: 5 }));

describe('priorScores: each answer against every question of its kind', () => {
  it.each([
    {
      why: 'the doc example: truths A, B, both answered A',
      samples: [q('when', 'A'), q('when', 'B')],
      answers: said('A', 'A'),
      prior: [0.5, 0.5],
    },
    {
      why: 'a collapsed policy: every answer A, truths A, B, C: each scores the share of A among the truths',
      samples: [q('when', 'A'), q('when', 'B'), q('when', 'C')],
      answers: said('A', 'A', 'A'),
      prior: [1 / 3, 1 / 3, 1 / 3],
    },
    {
      why: 'a perfect policy on balanced truths scores 1 on its own question and 1/3 against random ones',
      samples: [q('when', 'A'), q('when', 'B'), q('when', 'C')],
      answers: said('A', 'B', 'C'),
      prior: [1 / 3, 1 / 3, 1 / 3],
    },
    {
      why: 'kinds do not mix: another category, or another option count, is its own kind',
      samples: [q('when', 'A'), q('order', 'B'), q('when', 'B'), q('when', 'A', ['A. x', 'B. y'])],
      answers: said('A', 'B', 'A', 'B'),
      prior: [0.5, 1, 0.5, 0],
    },
    {
      why: 'numerical answers by the eval rule: "4" and "4.0" are the same number',
      samples: [q('count', '4', [], 'numerical'), q('count', '2', [], 'numerical'), q('count', '4', [], 'numerical'), q('count', '3', [], 'numerical')],
      answers: said('4', '4.0', '4', '1'),
      prior: [0.5, 0, 0.5, 0],
    },
  ])('$why', ({ samples, answers, prior }) => {
    const got = priorScores(samples, answers, bench);
    expect(got).toHaveLength(prior.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(prior[i], 12));
  });

  it('names a kind by category, problem type and option count', () => {
    expect(answerKind(q('when', 'A'))).toBe('when|multiple choice|3');
    expect(answerKind(q('count', '4', [], 'numerical'))).toBe('count|numerical|0');
  });
});
