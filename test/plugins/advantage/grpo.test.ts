import fc from 'fast-check';
import grpo, { groupZScore } from '../../../plugins/advantage/grpo';
import { estimatorTable } from '../../support/estimator-table';
import { makeGroup } from '../../support/groups';

// [1,0,0,0]: mean .25, squared deviations sum .75; sample var .75/3 = .25 → std .5 (docs/released-code.md §3)
const s = 0.5 + 1e-4;
// population std sqrt(.75/4) = 0.43301270189
const p = Math.sqrt(0.75 / 4) + 1e-4;

estimatorTable(grpo, {
  cases: [
    {
      why: 'one right of four, sample std + 1e-4 (released code)',
      groups: [makeGroup({ rewards: [1, 0, 0, 0] })],
      advantages: [[0.75 / s, -0.25 / s, -0.25 / s, -0.25 / s]],
    },
    {
      why: 'population std when asked',
      options: { std: 'population' },
      groups: [makeGroup({ rewards: [1, 0, 0, 0] })],
      advantages: [[0.75 / p, -0.25 / p, -0.25 / p, -0.25 / p]],
    },
    { why: 'all-equal group gives zero advantage (docs/released-code.md §3)', groups: [makeGroup({ rewards: [2, 2, 2] })], advantages: [[0, 0, 0]] },
    { why: 'eps 0 with spread is a plain z-score', options: { eps: 0 }, groups: [makeGroup({ rewards: [3, 1] })], advantages: [[Math.SQRT1_2, -Math.SQRT1_2]] },
    {
      why: 'groups are normalised independently',
      groups: [makeGroup({ rewards: [1, 0, 0, 0] }), makeGroup({ rewards: [5, 5, 5, 5] })],
      advantages: [
        [0.75 / s, -0.25 / s, -0.25 / s, -0.25 / s],
        [0, 0, 0, 0],
      ],
    },
    { why: 'a single completion has no spread: advantage 0', groups: [makeGroup({ rewards: [1] })], advantages: [[0]] },
    // scale none (Dr. GRPO): [3, 1, 2, 2] centred on 2, no division
    { why: 'scale none centres only (Dr. GRPO)', options: { scale: 'none' }, groups: [makeGroup({ rewards: [3, 1, 2, 2] })], advantages: [[1, -1, 0, 0]] },
    {
      // batch: [1,0,0,0] and [2,2,2,2] centre to [.75,-.25,-.25,-.25] and 0; all eight totals: mean 1.125,
      // ss = .125² + 3·1.125² + 4·.875² = .015625 + 3.796875 + 3.0625 = 6.875, sample std √(6.875/7)
      why: 'scale batch divides by the std of every total in the batch (TRL scale_rewards=batch)',
      options: { scale: 'batch' },
      groups: [makeGroup({ rewards: [1, 0, 0, 0] }), makeGroup({ rewards: [2, 2, 2, 2] })],
      advantages: [[0.75, -0.25, -0.25, -0.25].map((d) => d / (Math.sqrt(6.875 / 7) + 1e-4)), [0, 0, 0, 0]],
    },
  ],
});

describe('groupZScore', () => {
  it('centres every group on zero and, with eps 0, gives unit sample std', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 16 }), (r) => {
        const a = groupZScore(r, 'sample', 0);
        const spread = Math.max(...r) - Math.min(...r);
        if (spread < 1e-6) return;
        const mean = a.reduce((x, y) => x + y, 0) / a.length;
        const sd = Math.sqrt(a.reduce((x, y) => x + (y - mean) ** 2, 0) / (a.length - 1));
        expect(Math.abs(mean)).toBeLessThan(1e-9);
        expect(sd).toBeCloseTo(1, 6);
      }),
    );
  });
});
