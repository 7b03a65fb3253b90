import { Rng } from '../../../../core/rng';
import { lettered } from '../../../../plugins/data/synthetic/families/common';
import { SPEC, samplesOf } from './helpers';

const MC = ['direction', 'order', 'when', 'attribute', 'spatial', 'chart', 'knowledge'] as const;
const letterOf = (solution: string): string => /<answer>(.*)<\/answer>/.exec(solution)![1];
const textOf = (options: readonly string[], letter: string): string => options.find((o) => o.startsWith(`${letter}.`))!.slice(3);

describe('option_order', () => {
  it.each([
    { order: 'shuffled' as const, options: ['A. left', 'B. down', 'C. up', 'D. right'] },
    { order: 'sorted' as const, options: ['A. down', 'B. left', 'C. right', 'D. up'] },
  ])('letters the same draw $order', ({ order, options }) => {
    // same stream, same texts; only the placement differs (the permutation is drawn in both)
    const rng = new Rng(3);
    const got = lettered(rng, 'left', ['left', 'right', 'up', 'down'], 4, order);
    expect(got.options).toEqual(options);
    expect(textOf(got.options, got.answer)).toBe('left');
    expect(rng.next()).toBe(
      (() => {
        const r = new Rng(3);
        lettered(r, 'left', ['left', 'right', 'up', 'down'], 4, 'shuffled');
        return r.next();
      })(),
    );
  });

  it.each(MC)('sorted keeps %s the same questions with alphabetical options and the same answer text', async (family) => {
    const [shuffled, sorted] = await Promise.all([samplesOf(family, 60, SPEC, { seed: 4 }), samplesOf(family, 60, SPEC, { seed: 4, option_order: 'sorted' })]);
    const mc = sorted.filter((s) => s.problem_type === 'multiple choice');
    expect(mc.length).toBeGreaterThan(10);
    sorted.forEach((s, i) => {
      expect(s.problem).toBe(shuffled[i].problem);
      if (s.problem_type !== 'multiple choice') return;
      const texts = s.options.map((o) => o.slice(3));
      expect(texts).toEqual([...texts].sort());
      expect(textOf(s.options, letterOf(s.solution))).toBe(textOf(shuffled[i].options, letterOf(shuffled[i].solution)));
    });
  });

  it('sorted gives no blind letter prior: the correct letter stays near uniform over a family', async () => {
    const samples = (await samplesOf('attribute', 800, SPEC, { seed: 9, option_order: 'sorted' })).filter((s) => s.problem_type === 'multiple choice');
    const counts = ['A', 'B', 'C', 'D'].map((l) => samples.filter((s) => letterOf(s.solution) === l).length / samples.length);
    for (const c of counts) expect(Math.abs(c - 0.25)).toBeLessThan(0.06);
  });
});
