/**
 * Event families: squares that light up (drawn at full intensity; dim otherwise) at chosen ticks.
 * `order` asks which square lights up first or last, `count` how many times a square flashes,
 * `when` in which third of the clip it flashes. All are temporal: the events' order, number of
 * runs or position in time are lost when frames are shuffled (paper §3.2). Long variants (the
 * long-video suite) use one-tick events on long timelines, so 16 frames can miss some and 64 not
 * (paper Table 1: "more frames lead to better reasoning"). Cues: shortcut.ts.
 */
import type { Rng } from '../../../../core/rng';
import { DIM, GRID } from '../canvas';
import { COUNT_CUE, CUE_COLOURS, PHASE_COLUMNS, plantShortcut } from '../shortcut';
import type { Draft, Family, GenContext } from '../types';
import { COLOURS, PHASES } from '../vocab';
import { at, between, lettered, pickDistinct, wrongInt, wrongLetter } from './common';

/** n sorted ticks in [0, ticks) with no two adjacent (each flash is its own run of lit frames). */
export function separatedTicks(rng: Rng, n: number, ticks: number): number[] {
  return pickDistinct(
    rng,
    Array.from({ length: ticks - n + 1 }, (_, i) => i),
    n,
  )
    .sort((a, b) => a - b)
    .map((v, i) => v + i);
}

const flashLines = (lit: readonly number[], what: string, frameOf: (t: number) => number): string[] =>
  lit.filter((t) => frameOf(t) > 0).map((t) => `frame ${frameOf(t)}: ${what} lights up.`);

export const order: Family = {
  name: 'order',
  modality: 'video',
  temporal: true,
  make({ rng, shortcutRate, long, optionOrder }: GenContext): Draft {
    const k = long ? between(rng, 5, 6) : between(rng, 3, 4);
    const colours = pickDistinct(rng, COLOURS, k); // colours[i] lights up i-th
    const ask = rng.pick(['first', 'last'] as const);
    const target = ask === 'first' ? 0 : k - 1;
    const shortcut = plantShortcut(rng, shortcutRate);
    const cols = pickDistinct(
      rng,
      Array.from({ length: GRID }, (_, i) => i),
      k,
    );
    if (shortcut) {
      const min = cols.indexOf(Math.min(...cols));
      [cols[min], cols[target]] = [cols[target], cols[min]]; // asked-for square is leftmost
    }
    const rows = colours.map(() => rng.int(GRID));
    // training: object i lit during ticks 2i, 2i+1; long: one tick inside its 4-tick slot
    const slot = long ? 4 : 2;
    const litTick = colours.map((_, i) => (long ? i * slot + between(rng, 1, 2) : i * slot));
    const isLit = (i: number, t: number): boolean => (long ? t === litTick[i] : t >= litTick[i] && t < litTick[i] + slot);
    const nOptions = Math.min(k, 4);
    const { options, answer } = lettered(rng, colours[target], colours, nOptions, optionOrder);
    return {
      family: 'order',
      modality: 'video',
      temporal: true,
      shortcut,
      problem: `which square lights up ${ask}?`,
      problemType: 'multiple choice',
      options,
      answer,
      ticks: k * slot,
      draw: (cv, t) => colours.forEach((c, i) => cv.cells(cols[i], rows[i], 1, c, isLit(i, t) ? 1 : DIM)),
      observe: (frameOf) => colours.flatMap((c, i) => flashLines([litTick[i]], `the ${c} square`, frameOf)),
      wrong: (r) => wrongLetter(r, options, answer),
    };
  },
};

export const count: Family = {
  name: 'count',
  modality: 'video',
  temporal: true,
  make({ rng, shortcutRate, long }: GenContext): Draft {
    const ticks = long ? 32 : 8;
    const max = long ? 8 : 4;
    const n = between(rng, long ? 2 : 1, max);
    const lit = separatedTicks(rng, n, ticks);
    const shortcut = n <= COUNT_CUE.length && plantShortcut(rng, shortcutRate);
    const colour = shortcut ? COUNT_CUE[n - 1] : rng.pick(CUE_COLOURS);
    const x = rng.int(GRID);
    const y = rng.int(GRID);
    const litSet = new Set(lit);
    return {
      family: 'count',
      modality: 'video',
      temporal: true,
      shortcut,
      problem: 'how many times does the square flash?',
      problemType: 'numerical',
      options: [],
      answer: String(n),
      ticks,
      draw: (cv, t) => cv.cells(x, y, 1, colour, litSet.has(t) ? 1 : DIM),
      observe: (frameOf) => [`the ${colour} square is at ${at(x, y)}.`, ...flashLines(lit, 'the square', frameOf)],
      wrong: (r) => wrongInt(r, n, 1, max),
    };
  },
};

export const when: Family = {
  name: 'when',
  modality: 'video',
  temporal: true,
  make({ rng, shortcutRate, long, optionOrder }: GenContext): Draft {
    const phase = rng.int(PHASES.length);
    // training: 7 ticks, flash at tick 1, 3 or 5 (the middle of each third); long: 31 ticks, one
    // tick away from the thirds' borders
    const ticks = long ? 31 : 7;
    const flash = long ? Math.floor((phase * ticks) / 3) + between(rng, 2, 7) : 1 + 2 * phase;
    const shortcut = plantShortcut(rng, shortcutRate);
    const x = shortcut ? rng.pick(PHASE_COLUMNS[phase]) : rng.int(GRID);
    const y = rng.int(GRID);
    const colour = rng.pick(COLOURS);
    const { options, answer } = lettered(rng, PHASES[phase], PHASES, PHASES.length, optionOrder);
    return {
      family: 'when',
      modality: 'video',
      temporal: true,
      shortcut,
      problem: 'when does the square flash?',
      problemType: 'multiple choice',
      options,
      answer,
      ticks,
      draw: (cv, t) => cv.cells(x, y, 1, colour, t === flash ? 1 : DIM),
      observe: (frameOf, frames) => [`the clip has ${frames} frames.`, ...flashLines([flash], `the ${colour} square`, frameOf)],
      wrong: (r) => wrongLetter(r, options, answer),
    };
  },
};
