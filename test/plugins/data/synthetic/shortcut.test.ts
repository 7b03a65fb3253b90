import type { Sample } from '../../../../core/contracts/sample';
import { COUNT_CUE, DIRECTION_CUE, TURN_CW, phaseOfColumn } from '../../../../plugins/data/synthetic/shortcut';
import type { FamilyName } from '../../../../plugins/data/synthetic/types';
import { DIRECTIONS, PHASES } from '../../../../plugins/data/synthetic/vocab';
import { SPEC, only, source } from './helpers';
import { answerOf, blobs, cellOf, letterOf } from './solver';

const TEMPORAL: FamilyName[] = ['direction', 'order', 'count', 'when', 'description'];
const directionOf = (colour: string): string => DIRECTIONS.find((d) => DIRECTION_CUE[d] === colour) ?? '?';

/** The single-frame rules of shortcut.ts: they read ONE frame (the middle one) and the question. */
function shortcutGuess(s: Sample): string {
  const f = s.frames;
  const bs = blobs(f, Math.floor(f.t / 2));
  switch (s.category) {
    case 'direction':
      return letterOf(s, directionOf(bs[0].colour));
    case 'description': {
      const first = directionOf(bs[0].colour) as (typeof DIRECTIONS)[number];
      return `the ${bs[0].colour} square moves ${first} then ${TURN_CW[first]}`;
    }
    case 'count':
      return String(COUNT_CUE.indexOf(bs[0].colour as never) + 1);
    case 'when':
      return letterOf(s, PHASES[phaseOfColumn(cellOf(f, bs[0]).x)]);
    case 'order':
      return letterOf(s, bs.reduce((a, b) => (b.cx < a.cx ? b : a)).colour);
    default:
      throw new Error(s.category);
  }
}

/** Chance that the rule is right on an uncued scene (shortcut.ts). */
function chance(s: Sample): number {
  if (s.category === 'order') return 1 / blobs(s.frames, 0).length;
  return { direction: 1 / 4, count: 1 / 4, when: 1 / 3, description: 1 / 8 }[s.category as 'direction'];
}

async function temporalSamples(rate: number, n: number): Promise<Sample[]> {
  return (await source({ seed: 21, rl_samples: n, shortcut_rate: rate, family_weights: only(...TEMPORAL) as never }).load('rl', SPEC)).samples;
}

describe('the planted single-frame shortcut', () => {
  it('with shortcut_rate 1, one frame predicts every temporal answer', async () => {
    const samples = await temporalSamples(1, 1000);
    expect(samples.filter((s) => shortcutGuess(s) !== answerOf(s)).map((s) => s.problem_id)).toEqual([]);
  });

  it('with shortcut_rate 0, the same rule is at chance level (within 4 binomial standard deviations)', async () => {
    const samples = await temporalSamples(0, 2000);
    for (const family of TEMPORAL) {
      const mine = samples.filter((s) => s.category === family);
      const hits = mine.filter((s) => shortcutGuess(s) === answerOf(s)).length;
      const expected = mine.reduce((a, s) => a + chance(s), 0);
      const sd = Math.sqrt(mine.reduce((a, s) => a + chance(s) * (1 - chance(s)), 0));
      expect({ family, off: Math.abs(hits - expected) < 4 * sd }).toEqual({ family, off: true });
    }
  });

  it('is planted in about shortcut_rate of temporal samples and never in static ones', async () => {
    const { stats } = await source({ seed: 4, rl_samples: 2000, shortcut_rate: 0.5 }).load('rl', SPEC);
    const sd = Math.sqrt(stats.temporal * 0.25);
    expect(Math.abs(stats.shortcut - 0.5 * stats.temporal)).toBeLessThan(4 * sd);
    const { stats: none } = await source({ seed: 4, rl_samples: 500, shortcut_rate: 0 }).load('rl', SPEC);
    expect(none.shortcut).toBe(0);
  });
});
