import type { Group, GroupSample } from '../../core/contracts/group';

/** Build a Group from plain numbers, for estimator and reward tests. */
export function makeGroup(o: {
  rewards?: number[];
  accuracy?: number[];
  contrastAccuracy?: number[];
  dataType?: 'image' | 'video';
  sample?: Partial<GroupSample>;
}): Group {
  const accuracy = o.accuracy ?? o.rewards ?? [];
  const rewards = o.rewards ?? accuracy;
  const sample: GroupSample = { problem_type: 'multiple choice', solution: '<answer>A</answer>', data_type: o.dataType ?? 'video', ...o.sample };
  return {
    sample,
    completions: rewards.map((_, i) => ({ text: `c${i}`, tokenLength: 1 })),
    contrast: o.contrastAccuracy?.map((_, i) => ({ text: `s${i}`, tokenLength: 1 })),
    components: { accuracy },
    contrastComponents: o.contrastAccuracy ? { accuracy: o.contrastAccuracy } : undefined,
    rewards,
  };
}
