import fc from 'fast-check';
import grpo from '../../../plugins/advantage/grpo';
import tGrpo from '../../../plugins/advantage/t-grpo';
import { estimatorTable } from '../../support/estimator-table';
import { makeGroup } from '../../support/groups';

// Hand-worked: ordered acc [1,1,0,0] (p = .5), shuffled [1,0,0,0] (p~ = .25), format 1 each →
// rewards [2,2,1,1]; p ≥ p~ so the two correct get +.3 (Eq. 1-2) → totals [2.3,2.3,1,1];
// mean 1.65, sample var 4·.65²/3 = .563333, std .7505553 → A = ±.65/(.7505553 + 1e-4) (Eq. 3).
const sd = Math.sqrt((4 * 0.65 ** 2) / 3) + 1e-4;
const base = { accuracy: [1, 1, 0, 0], rewards: [2, 2, 1, 1] };

estimatorTable(tGrpo, {
  cases: [
    {
      why: 'p >= p~ grants alpha to each correct ordered completion (Eq. 1-2)',
      groups: [makeGroup({ ...base, contrastAccuracy: [1, 0, 0, 0] })],
      bonuses: { temporal: [[0.3, 0.3, 0, 0]] },
      advantages: [[0.65 / sd, 0.65 / sd, -0.65 / sd, -0.65 / sd]],
      metrics: { 'temporal/p': 0.5, 'temporal/p_contrast': 0.25, 'temporal/granted': 1, 'temporal/granted_rate': 1 },
    },
    {
      why: 'p < p~ grants nothing: plain GRPO',
      groups: [makeGroup({ ...base, contrastAccuracy: [1, 1, 1, 0] })],
      bonuses: { temporal: [[0, 0, 0, 0]] },
      metrics: { 'temporal/granted': 0, 'temporal/granted_rate': 0 },
    },
    {
      why: 'mu 0.8 (released code) grants when ordered is up to 20% worse: p .4 vs p~ .5 (reference §0.1)',
      options: { mu: 0.8 },
      groups: [makeGroup({ accuracy: [1, 1, 0, 0, 0], contrastAccuracy: [1, 0] })],
      bonuses: { temporal: [[0.3, 0.3, 0, 0, 0]] },
    },
    {
      why: 'mu 1 (paper) refuses the same group',
      groups: [makeGroup({ accuracy: [1, 1, 0, 0, 0], contrastAccuracy: [1, 0] })],
      bonuses: { temporal: [[0, 0, 0, 0, 0]] },
    },
    {
      why: 'correct means accuracy > 0.1: exactly 0.1 gets no bonus, 0.15 does (reference §0.3)',
      groups: [makeGroup({ accuracy: [0.1, 0.15, 0], contrastAccuracy: [0] })],
      bonuses: { temporal: [[0, 0.3, 0]] },
    },
    {
      why: 'image samples skip T-GRPO even with a contrast group (reference §1.1)',
      groups: [makeGroup({ ...base, dataType: 'image', contrastAccuracy: [0, 0] })],
      bonuses: { temporal: [[0, 0, 0, 0]] },
      metrics: { 'temporal/granted': 0 },
    },
    {
      why: 'p = p~ = 0 satisfies the test but nobody is correct: no bonus',
      groups: [makeGroup({ accuracy: [0, 0], contrastAccuracy: [0, 0] })],
      bonuses: { temporal: [[0, 0]] },
      metrics: { 'temporal/granted': 1 },
    },
    {
      why: 'p and p~ are per group, not per batch (fixes reference §0.2)',
      groups: [makeGroup({ accuracy: [1, 0], contrastAccuracy: [0, 0] }), makeGroup({ accuracy: [0, 0], contrastAccuracy: [1, 1] })],
      bonuses: { temporal: [[0.3, 0], [0, 0]] },
      metrics: { 'temporal/p': 0.25, 'temporal/p_contrast': 0.5, 'temporal/granted': 1, 'temporal/granted_rate': 0.5 },
    },
    {
      why: 'alpha is an option (alpha sweeps)',
      options: { alpha: 0.5 },
      groups: [makeGroup({ accuracy: [1, 0], contrastAccuracy: [0] })],
      bonuses: { temporal: [[0.5, 0]] },
    },
  ],
});

describe('t-grpo', () => {
  it('asks for G~ shuffled-frame rollouts on video prompts', () => {
    expect(tGrpo.needs?.(tGrpo.options.parse({ contrast_size: 3 }))).toEqual({ contrast: { size: 3, transform: 'shuffle-frames', modalities: ['video'] } });
  });

  it('equals GRPO when alpha is 0 or no group is a video (oracle)', () => {
    const rewards = fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(rewards, rewards, fc.boolean(), (acc, contrast, video) => {
        const g = makeGroup({ accuracy: acc, contrastAccuracy: contrast, dataType: video ? 'video' : 'image' });
        const expected = grpo.estimate([g], grpo.options.parse({})).advantages;
        const alphaZero = tGrpo.estimate([g], tGrpo.options.parse({ alpha: 0 })).advantages;
        expect(alphaZero).toEqual(expected);
        if (!video) expect(tGrpo.estimate([g], tGrpo.options.parse({})).advantages).toEqual(expected);
      }),
    );
  });

  it('fails clearly when the accuracy reward is missing', () => {
    const g = { ...makeGroup({ accuracy: [1, 0], contrastAccuracy: [0] }), components: { format: [1, 1] } };
    expect(() => tGrpo.estimate([g], tGrpo.options.parse({}))).toThrow(/t-grpo needs the 'accuracy' reward/);
  });
});
