import rationale from '../../../plugins/reward/rationale';
import { isUserError } from '../../../core/errors';
import { rewardTable } from '../../support/reward-table';

const REF =
  '<think>let me think. frame 1: the red square is at column 2, row 3. frame 4: the red square is at column 5, row 3. so the answer is right. right is B.</think>';

/** Rows: share of REF's 5 sentences the completion's <think> states verbatim (plugins/reward/rationale.ts). */
rewardTable(rationale, {
  sample: { process: REF },
  cases: [
    { why: 'the reference itself: every sentence', text: `${REF}<answer>B</answer>`, expect: 1 },
    {
      why: 'one observation wrong: 4 of 5',
      text: '<think>let me think. frame 1: the red square is at column 2, row 3. frame 4: the red square is at column 6, row 3. so the answer is right. right is B.</think><answer>B</answer>',
      expect: 0.8,
    },
    {
      why: 'order does not matter',
      text: '<think>frame 4: the red square is at column 5, row 3. frame 1: the red square is at column 2, row 3.</think><answer>B</answer>',
      expect: 0.4,
    },
    { why: 'a sentence said twice counts once', text: '<think>let me think. let me think. let me think.</think>', expect: 0.2 },
    { why: 'only the first think block is read', text: '<think>let me think.</think><think>so the answer is right.</think>', expect: 0.2 },
    { why: 'no think block: 0', text: 'frame 1: the red square is at column 2, row 3.', expect: 0 },
    { why: 'words must match exactly', text: '<think>Let me think. frame 1: the red square is at column 2, row 3</think>', expect: 0 },
    { why: 'one score per completion', texts: [`${REF}`, '<think>so the answer is right. right is B.</think>', ''], expect: [1, 0.4, 0] },
    { why: 'an empty reference scores 0', text: REF, sample: { process: '<think></think>' }, expect: 0 },
  ],
  robust: [
    { why: 'empty', text: '' },
    { why: 'unclosed think', text: '<think>let me think.' },
    { why: 'many periods', text: `<think>${'. '.repeat(5000)}</think>` },
    { why: 'lone surrogates', text: '<think>\ud800.</think>' },
    { why: 'no completions', texts: [] },
  ],
});

describe('reward rationale without a reference', () => {
  it('is an input error naming the sample and the field, not a score', () => {
    const group = {
      sample: { problem_type: 'multiple choice' as const, solution: '<answer>A</answer>', data_type: 'video' as const, problem_id: 17 },
      completions: [{ text: REF, tokenLength: 9 }],
      components: {},
      rewards: [0],
    };
    let caught: unknown;
    try {
      rationale.score(group, {});
    } catch (e) {
      caught = e;
    }
    expect(isUserError(caught)).toBe(true);
    expect(String((caught as Error).message)).toMatch(/reference rationale/);
    expect(JSON.stringify(caught)).toMatch(/sample 17/);
  });
});
