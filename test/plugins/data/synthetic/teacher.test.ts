import { Rng } from '../../../../core/rng';
import { accuracyFor } from '../../../../plugins/shared/scoring/accuracy';
import { KEEP_THRESHOLD, teach } from '../../../../plugins/data/synthetic/teacher';
import { FAMILIES } from '../../../../plugins/data/synthetic/types';
import { DEFAULT_FAMILY_WEIGHTS, sampleRng, trainingDraft } from '../../../../plugins/data/synthetic/world';
import { SPEC, source } from './helpers';

/** docs/released-code.md §2.3: the whole completion must match (no text before <think> or after </answer>). */
const FORMAT = /^<think>[\s\S]*?<\/think>\s*<answer>[\s\S]*?<\/answer>$/;

function annotate(n: number, errorRate: number, seed = 1): ReturnType<typeof teach>[] {
  return Array.from({ length: n }, (_, i) => teach(trainingDraft(seed, i, DEFAULT_FAMILY_WEIGHTS, 0.3), SPEC.frames, errorRate, sampleRng(seed, 'teacher', i)));
}

describe('the CoT teacher', () => {
  it('writes outputs in the required format (docs/released-code.md §2.3) on 1000 samples', () => {
    const outs = annotate(1000, 0.2);
    expect(outs.filter((o) => !FORMAT.test(o.output))).toEqual([]);
    expect(outs.every((o) => o.output === `${o.process}<answer>${o.answer}</answer>`)).toBe(true);
  });

  it.each([0, 0.2, 0.5])('is right on about 1 − error_rate of 1000 samples (error_rate %p, 4 binomial sd)', (errorRate) => {
    const outs = annotate(1000, errorRate);
    const right = outs.filter((o) => o.accuracy > KEEP_THRESHOLD).length / outs.length;
    const sd = Math.sqrt((errorRate * (1 - errorRate)) / outs.length);
    expect(Math.abs(right - (1 - errorRate))).toBeLessThanOrEqual(4 * sd);
    // a mistake always scores <= 0.6 (so the paper's filter drops it) and a right answer > 0.6
    expect(outs.every((o) => o.accuracy > KEEP_THRESHOLD === !o.erred)).toBe(true);
  });

  it('goes wrong in every family, with a mistake the accuracy reward scores <= 0.6', () => {
    const outs = annotate(3000, 1, 2);
    expect(outs.every((o) => o.accuracy <= KEEP_THRESHOLD)).toBe(true);
    const families = new Set(Array.from({ length: 3000 }, (_, i) => trainingDraft(2, i, DEFAULT_FAMILY_WEIGHTS, 0.3).family));
    expect(families).toEqual(new Set(FAMILIES));
  });

  it('rationales describe frames in the world words, then conclude', () => {
    const [out] = annotate(40, 0).filter((_, i) => trainingDraft(1, i, DEFAULT_FAMILY_WEIGHTS, 0.3).family === 'direction');
    expect(out.process).toMatch(
      /^<think>let me think\. i look at the frames one by one\. the options are (\w+ is [A-D], )+\w+ is [A-D]\. frame 1: the \w+ square is at column \d, row \d\. frame \d+: .* so the answer is (\w+)\. \2 is [A-D]\.<\/think>$/,
    );
  });

  it('scores with the accuracy reward (plugins/reward/accuracy)', () => {
    const draft = trainingDraft(1, 0, DEFAULT_FAMILY_WEIGHTS, 0.3);
    const out = teach(draft, SPEC.frames, 0, new Rng(1));
    expect(out.accuracy).toBe(accuracyFor(draft.problemType, out.output, `<answer>${draft.answer}</answer>`));
  });
});

describe('the sft split', () => {
  it('keeps the teacher samples scoring > 0.6 (docs/released-code.md §5.2) and reports how many', async () => {
    const src = source({ seed: 3, rl_samples: 400, sft_samples: 400, teacher_error_rate: 0.3 });
    const { samples, stats } = await src.load('sft', SPEC);
    const rl = (await src.load('rl', SPEC)).samples;
    expect(stats.sft).toEqual({ candidates: 400, kept: samples.length, keep_rate: samples.length / 400 });
    expect(src.stats.sft).toBe(stats);
    expect(Math.abs(samples.length / 400 - 0.7)).toBeLessThan(4 * Math.sqrt(0.21 / 400));
    for (const s of samples) {
      expect(s.process).toMatch(/^<think>[\s\S]+<\/think>$/);
      // SFT annotates RL samples (docs/released-code.md §5.2): same id, same record apart from `process`
      const { process: _p, frames: _f, ...rec } = s;
      const { frames: _g, ...twin } = rl[Number(s.problem_id) - 1];
      expect(rec).toEqual(twin);
    }
  });
});
