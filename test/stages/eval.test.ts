import { aggregateBench, evalTable, type ScoredAnswer } from '../../core/stages/eval';

const answers = (type: string, scores: readonly number[]): ScoredAnswer[] => scores.map((score) => ({ problemType: type, score }));

describe('aggregateBench (eval_bench.py final_acc, reference §5.5 step 8)', () => {
  it.each([
    { why: 'doc example: mean_acc 0.5, mean_mra 0.8, acc their mean (VSI-Bench, #121)', items: [...answers('multiple choice', [1, 0]), ...answers('regression', [0.8])], expect: { acc: 0.65, mean_acc: 0.5, mean_mra: 0.8 } },
    { why: 'both kinds: the mean of the two means, not the pooled mean (0.6)', items: [...answers('multiple choice', [1, 0, 1]), ...answers('regression', [0.4])], expect: { acc: (2 / 3 + 0.4) / 2, mean_acc: 2 / 3, mean_mra: 0.4 } },
    { why: 'every non-regression type counts towards mean_acc', items: [...answers('numerical', [1]), ...answers('OCR', [0]), ...answers('regression', [0.5, 0.7])], expect: { acc: (0.5 + 0.6) / 2, mean_acc: 0.5, mean_mra: 0.6 } },
    { why: 'no regression items: acc = mean_acc, no extra keys', items: answers('multiple choice', [1, 0, 0, 1]), expect: { acc: 0.5 } },
    { why: 'only regression items: acc = mean_mra, no extra keys', items: answers('regression', [0.8, 0.4]), expect: { acc: 0.6 } },
    { why: 'no items: acc 0', items: [], expect: { acc: 0 } },
  ])('$why', ({ items, expect: want }) => {
    const got = aggregateBench(items);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expect(got[k as keyof typeof got]).toBeCloseTo(v, 12);
  });
});

describe('evalTable', () => {
  it('prints one row per benchmark, with or without the shuffled run and the two means', () => {
    const table = evalTable([
      { benchmark: 'spatial', n: 3, acc: 0.65, mean_acc: 0.5, mean_mra: 0.8, acc_shuffled: 0.6, temporal_gap: 0.05 },
      { benchmark: 'temporal', n: 2, acc: 0.5 },
    ]);
    expect(table).toMatch(/benchmark/);
    expect(table).toMatch(/spatial/);
    expect(table).toMatch(/temporal/);
  });
});
