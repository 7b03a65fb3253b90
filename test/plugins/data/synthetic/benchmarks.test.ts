import { permuteFrames } from '../../../../core/contracts/sample';
import { Rng } from '../../../../core/rng';
import { SUITES, SUITE_NAMES } from '../../../../plugins/data/synthetic/benchmarks';
import { benchScore } from '../../../../plugins/shared/scoring/eval-bench';
import { mra } from '../../../../plugins/shared/scoring/mra';
import { SPEC, source } from './helpers';
import { answerOf, solve } from './solver';

describe('the eval split (held-out benchmark suites)', () => {
  it.each([16, 32, 64])('returns every suite as videos of %i frames, named by data_source', async (frames) => {
    const { samples, stats } = await source({ eval_samples: 10 }).load('eval', { ...SPEC, frames, height: 48, width: 48 });
    expect(stats.suites).toEqual(Object.fromEntries(SUITE_NAMES.map((s) => [s, 10])));
    expect(samples.map((s) => s.data_source)).toEqual(SUITE_NAMES.flatMap((s) => Array(10).fill(`bench/${s}`)));
    expect(samples.every((s) => s.data_type === 'video' && s.frames.t === frames)).toBe(true);
  });

  it('never reuses training problem ids', async () => {
    const src = source({ rl_samples: 500, eval_samples: 100 });
    const train = new Set((await src.load('rl', SPEC)).samples.map((s) => s.problem_id));
    const ids = (await src.load('eval', SPEC)).samples.map((s) => s.problem_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => train.has(id) || Number(id) < 1_000_000)).toEqual([]);
  });

  it('draws each suite from its families, multiple choice or numerical, plus regression in spatial (docs/released-code.md §5.3)', async () => {
    const { samples } = await source({ eval_samples: 60 }).load('eval', SPEC);
    for (const name of SUITE_NAMES) {
      const mine = samples.filter((s) => s.data_source === `bench/${name}`);
      expect(new Set(mine.map((s) => s.category))).toEqual(new Set(Object.keys(SUITES[name].families)));
      const types = new Set(mine.map((s) => s.problem_type));
      expect([...types].every((t) => t === 'multiple choice' || t === 'numerical' || (name === 'spatial' && t === 'regression'))).toBe(true);
    }
    expect(samples.some((s) => s.problem_type === 'regression')).toBe(true);
  });

  it('is shortcut-free by default; eval_shortcut_rate plants the cue', async () => {
    expect((await source({ eval_samples: 40 }).load('eval', SPEC)).stats.shortcut).toBe(0);
    expect((await source({ eval_samples: 40, eval_shortcut_rate: 1 }).load('eval', SPEC)).stats.shortcut).toBeGreaterThan(0);
  });

  it('is evaluable on shuffled frames: the temporal suite loses its answers, the static suites keep them', async () => {
    const { samples } = await source({ eval_samples: 100, suites: ['temporal', 'spatial', 'reasoning'] }).load('eval', SPEC);
    const rng = new Rng(8);
    const acc = (suite: string, shuffle: boolean): number => {
      const mine = samples.filter((s) => s.data_source === `bench/${suite}`);
      return mine.filter((s) => solve(s, shuffle ? permuteFrames(s.frames, rng.permutation(s.frames.t)) : s.frames) === answerOf(s)).length / mine.length;
    };
    expect([acc('temporal', false), acc('spatial', false), acc('reasoning', false)]).toEqual([1, 1, 1]);
    expect(acc('temporal', true)).toBeLessThan(0.6);
    expect([acc('spatial', true), acc('reasoning', true)]).toEqual([1, 1]);
  });
});

describe('benchmark scoring (docs/released-code.md §5.5)', () => {
  it.each([
    { why: 'exact', pred: '10', gt: '10', expect: 1 },
    { why: 'rel 0.12 < 1 − θ for θ = 0.50 ... 0.85', pred: '8.8', gt: '10', expect: 0.8 },
    { why: 'rel 0.6 passes no threshold', pred: '4', gt: '10', expect: 0 },
    { why: 'rel 0.225 < 1 − θ for θ = 0.50 ... 0.75', pred: '2.45', gt: '2.0', expect: 0.6 },
    { why: 'rel just under 0.5 (the 1e-8) passes θ = 0.50 only', pred: '5', gt: '10', expect: 0.1 },
    { why: 'not a number', pred: 'far', gt: '3.0', expect: 0 },
  ])('MRA: $why', ({ pred, gt, expect: e }) => expect(mra(pred, gt)).toBeCloseTo(e, 12));

  it('scores multiple choice exactly, regression by MRA, and the whole output when untagged', () => {
    const mc = { problem_type: 'multiple choice' as const, solution: '<answer>B</answer>' };
    expect([benchScore(mc, '<think>x</think><answer>B</answer>'), benchScore(mc, 'B'), benchScore(mc, '<answer>C</answer>')]).toEqual([1, 1, 0]);
    expect(benchScore({ problem_type: 'regression', solution: '<answer>10.0</answer>' }, '<answer>8.8</answer>')).toBeCloseTo(0.8, 12);
    expect(benchScore({ problem_type: 'OCR', solution: '<answer>cat</answer>' }, '<answer>cat</answer>')).toBe(0);
  });
});
