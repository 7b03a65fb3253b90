/**
 * Motion families: one square moving on the board. `direction` (multiple choice) asks which way it
 * moves; `description` (free-form) asks for its path, e.g. "the red square moves left then up".
 * Both are temporal: reversed or shuffled frames change the answer (paper §3.2). Cues: shortcut.ts.
 */
import type { Rng } from '../../../../core/rng';
import { GRID } from '../canvas';
import { CUE_COLOURS, DIRECTION_CUE, TURN_CW, plantShortcut } from '../shortcut';
import type { Draft, Family, GenContext } from '../types';
import { COLOURS, DIRECTIONS, type Colour, type Direction } from '../vocab';
import { at, between, lettered, wrongLetter } from './common';

const STEP: Readonly<Record<Direction, readonly [number, number]>> = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] };
const PERPENDICULAR: Readonly<Record<Direction, readonly Direction[]>> = {
  left: ['up', 'down'],
  right: ['up', 'down'],
  up: ['left', 'right'],
  down: ['left', 'right'],
};

interface Leg {
  dir: Direction;
  len: number;
}
interface Cell {
  x: number;
  y: number;
}

/** Cells of a square that walks `legs`, `perLeg` ticks each (1 + legs * perLeg ticks), kept on the board. */
export function trajectory(rng: Rng, legs: readonly Leg[], perLeg: number): Cell[] {
  const offsets: Cell[] = [{ x: 0, y: 0 }];
  let ox = 0;
  let oy = 0;
  for (const { dir, len } of legs) {
    const [dx, dy] = STEP[dir];
    for (let k = 1; k <= perLeg; k++) offsets.push({ x: ox + dx * Math.round((len * k) / perLeg), y: oy + dy * Math.round((len * k) / perLeg) });
    ox += dx * len;
    oy += dy * len;
  }
  const xs = offsets.map((o) => o.x);
  const ys = offsets.map((o) => o.y);
  const x0 = between(rng, -Math.min(...xs), GRID - 1 - Math.max(...xs));
  const y0 = between(rng, -Math.min(...ys), GRID - 1 - Math.max(...ys));
  return offsets.map((o) => ({ x: x0 + o.x, y: y0 + o.y }));
}

/** Teacher's view of a path: where the square is at the given ticks. */
function observePath(path: readonly Cell[], colour: Colour, ticks: readonly number[], frameOf: (t: number) => number): string[] {
  return ticks.map((t) => `frame ${frameOf(t)}: the ${colour} square is at ${at(path[t].x, path[t].y)}.`);
}

export const direction: Family = {
  name: 'direction',
  modality: 'video',
  temporal: true,
  make({ rng, shortcutRate, optionOrder }: GenContext): Draft {
    const dir = rng.pick(DIRECTIONS);
    const shortcut = plantShortcut(rng, shortcutRate);
    const colour = shortcut ? DIRECTION_CUE[dir] : rng.pick(CUE_COLOURS);
    const path = trajectory(rng, [{ dir, len: between(rng, 3, 6) }], 7);
    const { options, answer } = lettered(rng, dir, DIRECTIONS, 4, optionOrder);
    const last = path.length - 1;
    return {
      family: 'direction',
      modality: 'video',
      temporal: true,
      shortcut,
      problem: 'which way does the square move?',
      problemType: 'multiple choice',
      options,
      answer,
      ticks: path.length,
      draw: (cv, t) => cv.cells(path[t].x, path[t].y, 1, colour),
      observe: (frameOf) => observePath(path, colour, [0, last], frameOf),
      wrong: (r) => wrongLetter(r, options, answer),
    };
  },
};

/** "the red square moves left then up" */
const sentence = (colour: Colour, dirs: readonly Direction[]): string => `the ${colour} square moves ${dirs.join(' then ')}`;

export const description: Family = {
  name: 'description',
  modality: 'video',
  temporal: true,
  make({ rng, shortcutRate, long }: GenContext): Draft {
    const nLegs = long ? 3 : 2;
    const first = rng.pick(DIRECTIONS);
    const shortcut = plantShortcut(rng, shortcutRate);
    const colour = shortcut ? DIRECTION_CUE[first] : rng.pick(CUE_COLOURS);
    const dirs: Direction[] = [first];
    while (dirs.length < nLegs) {
      const prev = dirs[dirs.length - 1];
      dirs.push(shortcut ? TURN_CW[prev] : rng.pick(PERPENDICULAR[prev]));
    }
    const perLeg = 3;
    const path = trajectory(
      rng,
      dirs.map((dir) => ({ dir, len: between(rng, 2, 3) })),
      perLeg,
    );
    const corners = Array.from({ length: nLegs + 1 }, (_, i) => i * perLeg);
    return {
      family: 'description',
      modality: 'video',
      temporal: true,
      shortcut,
      problem: 'describe how the square moves.',
      problemType: 'free-form',
      options: [],
      answer: sentence(colour, dirs),
      ticks: path.length,
      draw: (cv, t) => cv.cells(path[t].x, path[t].y, 1, colour),
      observe: (frameOf) => observePath(path, colour, corners, frameOf),
      // another colour and every leg another way: ROUGE mean <= 0.54 < 0.6 (docs/released-code.md §2.2 free-form)
      wrong: (r) =>
        sentence(
          r.pick(COLOURS.filter((c) => c !== colour)),
          dirs.map((d) => r.pick(DIRECTIONS.filter((o) => o !== d))),
        ),
    };
  },
};
