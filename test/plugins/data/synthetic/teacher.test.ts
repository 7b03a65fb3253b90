import { Rng } from '../../../../core/rng';
import { accuracyFor } from '../../../../plugins/shared/scoring/accuracy';
import { KEEP_THRESHOLD, confused, teach } from '../../../../plugins/data/synthetic/teacher';
import type { Draft } from '../../../../plugins/data/synthetic/types';
import { FAMILIES } from '../../../../plugins/data/synthetic/types';
import { DEFAULT_FAMILY_WEIGHTS, sampleRng, trainingDraft } from '../../../../plugins/data/synthetic/world';
import { SPEC, source } from './helpers';

/** docs/released-code.md §2.3: the whole completion must match (no text before <think> or after </answer>). */
const FORMAT = /^<think>[\s\S]*?<\/think>\s*<answer>[\s\S]*?<\/answer>$/;

function annotate(n: number, errorRate: number, seed = 1, terseRate = 0): ReturnType<typeof teach>[] {
  return Array.from({ length: n }, (_, i) =>
    teach(trainingDraft(seed, i, DEFAULT_FAMILY_WEIGHTS, 0.3), SPEC.frames, { errorRate, terseRate }, sampleRng(seed, 'teacher', i)),
  );
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
    const out = teach(draft, SPEC.frames, { errorRate: 0, terseRate: 0 }, new Rng(1));
    expect(out.accuracy).toBe(accuracyFor(draft.problemType, out.output, `<answer>${draft.answer}</answer>`));
  });
});

describe('the terse teacher (teacher_terse_rate)', () => {
  it.each([
    // terseRate, expected share of terse rationales
    [0, 0],
    [0.6, 0.6],
    [1, 1],
  ])('leaves the observations out of about %p of 1000 rationales (4 binomial sd)', (terseRate, share) => {
    const outs = annotate(1000, 0.35, 1, terseRate);
    const terse = outs.filter((o) => o.terse).length / outs.length;
    expect(Math.abs(terse - share)).toBeLessThanOrEqual(4 * Math.sqrt((share * (1 - share)) / outs.length));
    for (const o of outs) {
      const looks = /^<think>let me think\. i look at the (frames one by one|image)\./.test(o.process);
      expect(looks).toBe(!o.terse);
      if (o.terse) expect(o.process).not.toMatch(/frame \d+:|i read|there is/);
    }
  });

  it('keeps the opening, the options and the conclusion of a careful rationale', () => {
    const i = Array.from({ length: 60 }, (_, k) => k).find((k) => trainingDraft(1, k, DEFAULT_FAMILY_WEIGHTS, 0.3).family === 'direction')!;
    const draft = trainingDraft(1, i, DEFAULT_FAMILY_WEIGHTS, 0.3);
    const out = teach(draft, SPEC.frames, { errorRate: 0, terseRate: 1 }, sampleRng(1, 'teacher', i));
    expect(out.process).toMatch(
      /^<think>let me think\. the options are (\w+ is [A-D], )+\w+ is [A-D]\. hmm, oh i see\. so the answer is (\w+)\. \2 is [A-D]\.<\/think>$/,
    );
    expect(out.accuracy).toBe(1);
  });

  it('draws its errors as a teacher without the option does (terse coin from a forked stream)', () => {
    const careful = annotate(500, 0.35, 4, 0);
    const terse = annotate(500, 0.35, 4, 1);
    expect(terse.map((o) => [o.erred, o.answer, o.accuracy])).toEqual(careful.map((o) => [o.erred, o.answer, o.accuracy]));
  });
});

describe('the confused teacher (teacher_confusion)', () => {
  const LR = ['left', 'right'] as const;
  const draft = (options: string[]): Draft => ({ options }) as unknown as Draft;
  it.each([
    // options, answer, the confused teacher's answer
    [['A. down', 'B. left', 'C. right', 'D. up'], 'C', 'B'],
    [['A. down', 'B. left', 'C. right', 'D. up'], 'B', 'C'],
    [['A. down', 'B. left', 'C. right', 'D. up'], 'A', 'A'],
    [['A. above', 'B. below', 'C. left', 'D. up'], 'C', 'C'], // the other word is not an option
    [[], 'the red square moves left, then up, then right.', 'the red square moves right, then up, then left.'],
    [[], '3', '3'],
    [[], 'leftover', 'leftover'], // whole words only
  ])('options %j, answer %p: says %p', (options, answer, says) => {
    expect(confused(draft(options), answer, LR)).toBe(says);
  });

  it('at rate 1, keeps no right-answered direction question whose answer is left or right', () => {
    const seed = 5;
    const n = 1500;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const d = trainingDraft(seed, i, DEFAULT_FAMILY_WEIGHTS, 0.3);
      if (d.family !== 'direction') continue;
      const out = teach(d, SPEC.frames, { errorRate: 0, terseRate: 0, confusion: { words: LR, rate: 1 } }, sampleRng(seed, 'teacher', i));
      const text = d.options.find((o) => o.startsWith(`${d.answer}.`))!.slice(3);
      expect(out.accuracy > KEEP_THRESHOLD).toBe(!LR.includes(text as 'left'));
      kept += out.accuracy > KEEP_THRESHOLD ? 1 : 0;
    }
    expect(kept).toBeGreaterThan(0);
  });

  it('at rate 0, writes what a teacher without the option writes', () => {
    const plain = annotate(300, 0.35, 6);
    const zero = Array.from({ length: 300 }, (_, i) =>
      teach(
        trainingDraft(6, i, DEFAULT_FAMILY_WEIGHTS, 0.3),
        SPEC.frames,
        { errorRate: 0.35, terseRate: 0, confusion: { words: LR, rate: 0 } },
        sampleRng(6, 'teacher', i),
      ),
    );
    expect(zero).toEqual(plain);
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

describe('the rl split with rl_rationales', () => {
  it("carries the error-free careful teacher's rationale as process (the reference of reward rationale), and none by default", async () => {
    const options = { seed: 3, rl_samples: 200, sft_samples: 200, teacher_error_rate: 0.5, teacher_terse_rate: 0.5 };
    const plain = (await source(options).load('rl', SPEC)).samples;
    const withRef = (await source({ ...options, rl_rationales: true }).load('rl', SPEC)).samples;
    expect(plain.every((s) => s.process === undefined)).toBe(true);
    const sft = new Map((await source(options).load('sft', SPEC)).samples.map((s) => [s.problem_id, s]));
    withRef.forEach((s, i) => {
      const { process, ...rest } = s;
      expect(rest).toEqual(plain[i]);
      const draft = trainingDraft(3, i, DEFAULT_FAMILY_WEIGHTS, 0.3);
      expect(process).toBe(teach(draft, SPEC.frames, { errorRate: 0, terseRate: 0 }, sampleRng(3, 'teacher', i)).process);
      expect(accuracyFor(s.problem_type, `${process}${s.solution}`, s.solution)).toBeCloseTo(1, 6);
      // where the (erring, terse) SFT teacher was right and careful, it wrote the same rationale
      const taught = teach(draft, SPEC.frames, { errorRate: 0.5, terseRate: 0.5 }, sampleRng(3, 'teacher', i));
      if (sft.has(s.problem_id) && !taught.terse) expect(sft.get(s.problem_id)!.process).toBe(process);
    });
  });
});
