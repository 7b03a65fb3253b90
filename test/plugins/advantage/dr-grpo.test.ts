import drGrpo from '../../../plugins/advantage/dr-grpo';
import { estimatorTable } from '../../support/estimator-table';
import { makeGroup } from '../../support/groups';

estimatorTable(drGrpo, {
  cases: [
    { why: 'centres on the group mean without std division', groups: [makeGroup({ rewards: [1, 0, 0, 0] })], advantages: [[0.75, -0.25, -0.25, -0.25]] },
    { why: 'scale is kept: rewards x2 give advantages x2', groups: [makeGroup({ rewards: [2, 0, 0, 0] })], advantages: [[1.5, -0.5, -0.5, -0.5]] },
    { why: 'all-equal group gives zeros', groups: [makeGroup({ rewards: [1, 1] })], advantages: [[0, 0]] },
  ],
});
