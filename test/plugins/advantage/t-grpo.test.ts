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
// A′, GRPO on the raw [2,2,1,1]: mean 1.5, sample var 4·.5²/3 = 1/3 → A′ = ±.5/(√(1/3) + 1e-4)
const sd0 = Math.sqrt(1 / 3) + 1e-4;
const plain = [0.5 / sd0, 0.5 / sd0, -0.5 / sd0, -0.5 / sd0];
// Video-R1 #51: 3 of 8 correct, format 1 everywhere → rewards [2,2,2,1,1,1,1,1], p = .375 ≥ p~ = .25.
// GRPO: mean 1.375, ss 3·.625² + 5·.375² = 1.875, std √(1.875/7) = .517549 → 1.2074, −.7244.
const binary = { accuracy: [1, 1, 1, 0, 0, 0, 0, 0], rewards: [2, 2, 2, 1, 1, 1, 1, 1], contrastAccuracy: [1, 0, 0, 0] };
const sd8 = Math.sqrt(1.875 / 7) + 1e-4;
const grpo8 = [0.625, 0.625, 0.625, -0.375, -0.375, -0.375, -0.375, -0.375].map((d) => d / sd8);

estimatorTable(tGrpo, {
  cases: [
    {
      why: 'p >= p~ grants alpha to each correct ordered completion (Eq. 1-2)',
      groups: [makeGroup({ ...base, contrastAccuracy: [1, 0, 0, 0] })],
      bonuses: { temporal: [[0.3, 0.3, 0, 0]] },
      advantages: [[0.65 / sd, 0.65 / sd, -0.65 / sd, -0.65 / sd]],
      metrics: {
        'temporal/p': 0.5,
        'temporal/p_contrast': 0.25,
        'temporal/granted': 1,
        'temporal/granted_rate': 1,
        'temporal/advantage_shift': 0.65 / sd - 0.5 / sd0,
      },
    },
    {
      why: 'bonus_to advantage: A = z(R) + alpha on each correct completion, z without the bonus (paper §3.1)',
      options: { bonus_to: 'advantage' },
      groups: [makeGroup({ ...base, contrastAccuracy: [1, 0, 0, 0] })],
      bonuses: { temporal: [[0.3, 0.3, 0, 0]] },
      advantages: [[plain[0] + 0.3, plain[1] + 0.3, plain[2], plain[3]]],
      metrics: { 'temporal/advantage_shift': 0.15, 'temporal/granted': 1 },
    },
    {
      why: 'bonus_to advantage with p < p~ is plain GRPO',
      options: { bonus_to: 'advantage' },
      groups: [makeGroup({ ...base, contrastAccuracy: [1, 1, 1, 0] })],
      advantages: [plain],
      metrics: { 'temporal/advantage_shift': 0, 'temporal/granted': 0 },
    },
    {
      why: 'bonus_to advantage with mu 0.8 grants at p .5 vs p~ .625 (.5 >= .8 x .625)',
      options: { bonus_to: 'advantage', mu: 0.8 },
      groups: [makeGroup({ ...base, contrastAccuracy: [1, 1, 1, 0, 0, 0, 1, 1] })],
      advantages: [[plain[0] + 0.3, plain[1] + 0.3, plain[2], plain[3]]],
    },
    {
      why: 'bonus_to reward on a binary group with constant format equals GRPO within the std eps (Video-R1 #51)',
      groups: [makeGroup(binary)],
      bonuses: { temporal: [[0.3, 0.3, 0.3, 0, 0, 0, 0, 0]] },
      // with the bonus: deviations x 1.3, std x 1.3 → 1.3·d/(1.3·s + 1e-4), within 1e-4 of d/(s + 1e-4)
      advantages: [[0.625, 0.625, 0.625, -0.375, -0.375, -0.375, -0.375, -0.375].map((d) => (1.3 * d) / (1.3 * (sd8 - 1e-4) + 1e-4))],
    },
    {
      why: 'eps 0: the bonus cancels exactly, advantage_shift 0 (Video-R1 #51)',
      options: { eps: 0 },
      groups: [makeGroup(binary)],
      advantages: [[0.625, 0.625, 0.625, -0.375, -0.375, -0.375, -0.375, -0.375].map((d) => d / (sd8 - 1e-4))],
      metrics: { 'temporal/advantage_shift': 0 },
    },
    {
      why: 'scale none (Dr. GRPO): totals [2.3,2.3,1,1] centred on 1.65, no division; shift .15 from [.5,.5,-.5,-.5]',
      options: { scale: 'none' },
      groups: [makeGroup({ ...base, contrastAccuracy: [1, 0, 0, 0] })],
      advantages: [[0.65, 0.65, -0.65, -0.65]],
      metrics: { 'temporal/advantage_shift': 0.15 },
    },
    {
      why: 'scale none on the binary group: the bonus survives, +.3·(1 − 3/8) on correct, −.3·3/8 on wrong',
      options: { scale: 'none' },
      groups: [makeGroup(binary)],
      advantages: [[0.8125, 0.8125, 0.8125, -0.4875, -0.4875, -0.4875, -0.4875, -0.4875]],
      // shift: 3·.1875 + 5·.1125 = 1.125, over 8 completions
      metrics: { 'temporal/advantage_shift': 1.125 / 8 },
    },
    {
      why: 'scale batch: group means centre, the std of all four totals [1.3,0,1,1] scales (TRL scale_rewards=batch)',
      options: { scale: 'batch', eps: 0 },
      // totals: video [1,0] + bonus → [1.3, 0], image [1,1]; mean .825, ss .9675, sample std √(.9675/3)
      groups: [makeGroup({ accuracy: [1, 0], contrastAccuracy: [0] }), makeGroup({ accuracy: [1, 1], dataType: 'image' })],
      advantages: [
        [0.65 / Math.sqrt(0.9675 / 3), -0.65 / Math.sqrt(0.9675 / 3)],
        [0, 0],
      ],
    },
    {
      why: 'p < p~ grants nothing: plain GRPO',
      groups: [makeGroup({ ...base, contrastAccuracy: [1, 1, 1, 0] })],
      bonuses: { temporal: [[0, 0, 0, 0]] },
      metrics: { 'temporal/granted': 0, 'temporal/granted_rate': 0 },
    },
    {
      why: 'mu 0.8 (released code) grants when ordered is up to 20% worse: p .4 vs p~ .5 (docs/released-code.md §0.1)',
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
      why: 'correct means accuracy > 0.1: exactly 0.1 gets no bonus, 0.15 does (docs/released-code.md §0.3)',
      groups: [makeGroup({ accuracy: [0.1, 0.15, 0], contrastAccuracy: [0] })],
      bonuses: { temporal: [[0, 0.3, 0]] },
    },
    {
      why: 'image samples skip T-GRPO even with a contrast group (docs/released-code.md §1.1)',
      groups: [makeGroup({ ...base, dataType: 'image', contrastAccuracy: [0, 0] })],
      bonuses: { temporal: [[0, 0, 0, 0]] },
      metrics: { 'temporal/granted': 0 },
    },
    {
      why: 'p = p~ = 0 satisfies the test but nobody is correct: no bonus, no grant counted',
      groups: [makeGroup({ accuracy: [0, 0], contrastAccuracy: [0, 0] })],
      bonuses: { temporal: [[0, 0]] },
      metrics: { 'temporal/granted': 0, 'temporal/granted_rate': 0 },
    },
    {
      why: 'p and p~ are per group, not per batch (fixes docs/released-code.md §0.2)',
      groups: [makeGroup({ accuracy: [1, 0], contrastAccuracy: [0, 0] }), makeGroup({ accuracy: [0, 0], contrastAccuracy: [1, 1] })],
      bonuses: {
        temporal: [
          [0.3, 0],
          [0, 0],
        ],
      },
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
  it('asks for G~ shuffled-frame rollouts on video prompts and the accuracy component', () => {
    expect(tGrpo.needs?.(tGrpo.options.parse({ contrast_size: 3 }))).toEqual({
      contrast: { size: 3, transform: 'shuffle', modalities: ['video'] },
      components: ['accuracy'],
    });
  });

  it('asks for the contrast transform and the accuracy_key it is given', () => {
    expect(tGrpo.needs?.(tGrpo.options.parse({ transform: 'reverse', accuracy_key: 'acc2' }))).toEqual({
      contrast: { size: 4, transform: 'reverse', modalities: ['video'] },
      components: ['acc2'],
    });
  });

  it('defaults reproduce the paper path exactly: bonus to reward, shuffle, group scale', () => {
    const o = tGrpo.options.parse({});
    expect([o.bonus_to, o.transform, o.scale]).toEqual(['reward', 'shuffle', 'group']);
    const g = makeGroup({ ...base, contrastAccuracy: [1, 0, 0, 0] });
    const totals = [[2.3, 2.3, 1, 1]];
    expect(tGrpo.estimate([g], o).advantages).toEqual(grpo.estimate([makeGroup({ rewards: totals[0] })], grpo.options.parse({})).advantages);
  });

  it('Video-R1 #51 group: t-grpo and grpo agree to four decimals (1.2074 / -0.7244)', () => {
    const a = tGrpo.estimate([makeGroup(binary)], tGrpo.options.parse({})).advantages[0];
    expect(grpo8[0]).toBeCloseTo(1.2074, 4);
    expect(grpo8[3]).toBeCloseTo(-0.7244, 4); // −.72443 (the issue quotes −.7245)
    a.forEach((x, i) => expect(Math.abs(x - grpo8[i])).toBeLessThan(1e-4));
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
