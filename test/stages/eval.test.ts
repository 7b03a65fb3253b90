import { aggregateBench, evalMetrics, evalTable, type ScoredAnswer } from '../../core/stages/eval';
import { sanitizeKey } from '../../core/tracking/keys';

const answers = (type: string, scores: readonly number[]): ScoredAnswer[] => scores.map((score) => ({ problemType: type, score }));

describe('aggregateBench (eval_bench.py final_acc, docs/released-code.md §5.5 step 8)', () => {
  it.each([
    {
      why: 'doc example: mean_acc 0.5, mean_mra 0.8, acc their mean (VSI-Bench, Video-R1 #121)',
      items: [...answers('multiple choice', [1, 0]), ...answers('regression', [0.8])],
      expect: { acc: 0.65, mean_acc: 0.5, mean_mra: 0.8 },
    },
    {
      why: 'both kinds: the mean of the two means, not the pooled mean (0.6)',
      items: [...answers('multiple choice', [1, 0, 1]), ...answers('regression', [0.4])],
      expect: { acc: (2 / 3 + 0.4) / 2, mean_acc: 2 / 3, mean_mra: 0.4 },
    },
    {
      why: 'every non-regression type counts towards mean_acc',
      items: [...answers('numerical', [1]), ...answers('OCR', [0]), ...answers('regression', [0.5, 0.7])],
      expect: { acc: (0.5 + 0.6) / 2, mean_acc: 0.5, mean_mra: 0.6 },
    },
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
  it('prints one row per benchmark: n, acc, acc_shuffled and temporal_gap, empty cells without the shuffled run', () => {
    const table = evalTable([
      { benchmark: 'spatial', n: 3, acc: 0.65, mean_acc: 0.5, mean_mra: 0.8, acc_shuffled: 0.6, temporal_gap: 0.05 },
      { benchmark: 'temporal', n: 2, acc: 0.5 },
    ]);
    // widths: the longest cell per column; 4 significant digits; a missing value is an empty cell
    expect(table.split('\n')).toEqual([
      'benchmark  n  acc     acc_shuffled  temporal_gap',
      '---------  -  ------  ------------  ------------',
      'spatial    3  0.6500  0.6000        0.05000',
      'temporal   2  0.5000                ',
    ]);
  });

  it('adds acc_prior after acc when some row has it', () => {
    const table = evalTable([{ benchmark: 'when', n: 3, acc: 0.5, acc_prior: 0.25, acc_above_prior: 0.25 }]);
    expect(table.split('\n')[0]).toBe('benchmark  n  acc     acc_prior  acc_shuffled  temporal_gap');
    expect(table.split('\n')[2]).toBe('when       3  0.5000  0.2500                   ');
  });
});

describe('evalMetrics', () => {
  it('names each benchmark value eval/<benchmark>/<field> with the trackers’ key rule, and averages acc', () => {
    const metrics = evalMetrics([
      { benchmark: 'spatial', n: 3, acc: 0.65, mean_acc: 0.5, mean_mra: 0.8, acc_shuffled: 0.6, temporal_gap: 0.05, logp_drop: 0.25 },
      // ':' is a legal MLflow key character and stays; '#' and 'é' are not and become '_'
      { benchmark: 'VSI:count #2 é', n: 2, acc: 0.25 },
    ]);
    expect(metrics).toEqual({
      'eval/spatial/acc': 0.65,
      'eval/spatial/mean_acc': 0.5,
      'eval/spatial/mean_mra': 0.8,
      'eval/spatial/acc_shuffled': 0.6,
      'eval/spatial/temporal_gap': 0.05,
      'eval/spatial/logp_drop': 0.25,
      'eval/VSI:count _2 _/acc': 0.25,
      'eval/mean/acc': (0.65 + 0.25) / 2,
    });
    for (const key of Object.keys(metrics)) expect(sanitizeKey(key)).toBe(key); // the tracker stores them unchanged
  });

  it('writes one acc, temporal_gap and logp_drop per transform', () => {
    const metrics = evalMetrics([{ benchmark: 'temporal', n: 1, acc: 1, transforms: { reverse: { acc: 0, temporal_gap: 1, logp_drop: 0.5 } } }]);
    expect(metrics).toEqual({
      'eval/temporal/acc': 1,
      'eval/temporal/acc_reverse': 0,
      'eval/temporal/temporal_gap_reverse': 1,
      'eval/temporal/logp_drop_reverse': 0.5,
      'eval/mean/acc': 1,
    });
  });

  it('writes the answer-prior baseline and, when every benchmark has it, its mean above the prior', () => {
    const metrics = evalMetrics([
      { benchmark: 'when', n: 3, acc: 0.5, acc_prior: 0.25, acc_above_prior: 0.25 },
      { benchmark: 'order', n: 3, acc: 0.4, acc_prior: 0.3, acc_above_prior: 0.1 },
    ]);
    expect(metrics).toEqual({
      'eval/when/acc': 0.5,
      'eval/when/acc_prior': 0.25,
      'eval/when/acc_above_prior': 0.25,
      'eval/order/acc': 0.4,
      'eval/order/acc_prior': 0.3,
      'eval/order/acc_above_prior': 0.1,
      'eval/mean/acc': 0.45,
      'eval/mean/acc_above_prior': 0.175,
    });
    expect(
      evalMetrics([
        { benchmark: 'when', n: 1, acc: 1, acc_prior: 0.5, acc_above_prior: 0.5 },
        { benchmark: 'x', n: 1, acc: 0 },
      ]),
    ).not.toHaveProperty('eval/mean/acc_above_prior');
  });

  it('no benchmarks: no metrics', () => {
    expect(evalMetrics([])).toEqual({});
  });
});
