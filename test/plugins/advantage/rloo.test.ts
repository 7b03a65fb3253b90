import rloo from '../../../plugins/advantage/rloo';
import { estimatorTable } from '../../support/estimator-table';
import { makeGroup } from '../../support/groups';

estimatorTable(rloo, {
  cases: [
    // A_0 = 1 − mean(0,0,0) = 1; A_j = 0 − mean(1,0,0) = −1/3
    { why: 'baseline is the mean of the other completions', groups: [makeGroup({ rewards: [1, 0, 0, 0] })], advantages: [[1, -1 / 3, -1 / 3, -1 / 3]] },
    // equals G/(G−1)·(R − mean): 2/1·(3−2) = 2
    { why: 'two completions: the difference of the pair', groups: [makeGroup({ rewards: [3, 1] })], advantages: [[2, -2]] },
    { why: 'all-equal group gives zeros', groups: [makeGroup({ rewards: [0.5, 0.5, 0.5] })], advantages: [[0, 0, 0]] },
  ],
});
