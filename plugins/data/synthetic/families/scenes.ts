/**
 * Scene families of coloured squares: `attribute` (video, not temporal: what is true in every
 * frame), `general` images (paper §3.1 "General (Image)"), `spatial` images (relative position and
 * distance, regression answers as in VSI-Bench) and `chart` images (bar heights).
 */
import { GRID } from '../canvas';
import type { Draft, Family, GenContext } from '../types';
import { COLOURS, RELATIONS, type Colour } from '../vocab';
import { at, between, lettered, pickDistinct, wrongInt, wrongLetter } from './common';

interface Obj {
  colour: Colour;
  x: number;
  y: number;
  size: number;
}

const describe = (o: Obj): string => `a ${o.size > 1 ? 'big' : 'small'} ${o.colour} square at ${at(o.x, o.y)}.`;

/** Multiple choice on the big square's colour, or the number of squares. */
function colourOrCount(ctx: GenContext, objs: readonly Obj[]): Pick<Draft, 'problem' | 'problemType' | 'options' | 'answer' | 'wrong'> {
  const { rng } = ctx;
  if (rng.next() < 0.5) {
    const big = objs.find((o) => o.size > 1)!;
    const { options, answer } = lettered(rng, big.colour, COLOURS, 4, ctx.optionOrder);
    return { problem: 'what colour is the big square?', problemType: 'multiple choice', options, answer, wrong: (r) => wrongLetter(r, options, answer) };
  }
  const n = objs.length;
  return { problem: 'how many squares are there?', problemType: 'numerical', options: [], answer: String(n), wrong: (r) => wrongInt(r, n, 1, 5) };
}

/** Bounce a coordinate in [0, span] (the path of a square moving one cell per tick). */
const bounce = (p: number, span: number): number => {
  const q = ((p % (2 * span)) + 2 * span) % (2 * span);
  return q <= span ? q : 2 * span - q;
};

export const attribute: Family = {
  name: 'attribute',
  modality: 'video',
  temporal: false,
  make(ctx: GenContext): Draft {
    const { rng } = ctx;
    const n = between(rng, 2, 3);
    const colours = pickDistinct(rng, COLOURS, n);
    const bands = pickDistinct(rng, [0, 3, 6], n); // rows 0-1, 3-4, 6-7: squares never overlap
    const big = rng.int(n);
    const objs: Obj[] = colours.map((colour, i) => {
      const size = i === big ? 2 : 1;
      return { colour, size, x: rng.int(GRID - size + 1), y: bands[i] + (size > 1 ? 0 : rng.int(2)) };
    });
    const vel = objs.map(() => rng.pick([-1, 1]));
    const q = colourOrCount(ctx, objs);
    return {
      family: 'attribute',
      modality: 'video',
      temporal: false,
      shortcut: false,
      ...q,
      ticks: 8,
      draw: (cv, t) => objs.forEach((o, i) => cv.cells(bounce(o.x + vel[i] * t, GRID - o.size), o.y, o.size, o.colour)),
      observe: (frameOf) => objs.map((o) => `frame ${frameOf(0)}: there is ${describe(o)}`),
    };
  },
};

export const general: Family = {
  name: 'general',
  modality: 'image',
  temporal: false,
  make(ctx: GenContext): Draft {
    const { rng } = ctx;
    const n = between(rng, 2, 4);
    const colours = pickDistinct(rng, COLOURS, n);
    const blocks = pickDistinct(
      rng,
      Array.from({ length: (GRID / 2) ** 2 }, (_, i) => i),
      n,
    );
    const big = rng.int(n);
    const objs: Obj[] = colours.map((colour, i) => {
      const bx = (blocks[i] % (GRID / 2)) * 2;
      const by = Math.floor(blocks[i] / (GRID / 2)) * 2;
      return i === big ? { colour, size: 2, x: bx, y: by } : { colour, size: 1, x: bx + rng.int(2), y: by + rng.int(2) };
    });
    return {
      family: 'general',
      modality: 'image',
      temporal: false,
      shortcut: false,
      ...colourOrCount(ctx, objs),
      ticks: 1,
      draw: (cv) => objs.forEach((o) => cv.cells(o.x, o.y, o.size, o.colour)),
      observe: () => objs.map((o) => `there is ${describe(o)}`),
    };
  },
};

/** Dominant-axis relation of a to b (|dx| != |dy| by construction). */
const relation = (dx: number, dy: number): (typeof RELATIONS)[number] =>
  Math.abs(dx) > Math.abs(dy) ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'above' : 'below';

export const spatial: Family = {
  name: 'spatial',
  modality: 'image',
  temporal: false,
  make({ rng, optionOrder }: GenContext): Draft {
    const [ca, cb, cc] = pickDistinct(rng, COLOURS, 3);
    let cells: number[];
    do
      cells = pickDistinct(
        rng,
        Array.from({ length: GRID * GRID }, (_, i) => i),
        3,
      );
    while (Math.abs((cells[0] % GRID) - (cells[1] % GRID)) === Math.abs(Math.floor(cells[0] / GRID) - Math.floor(cells[1] / GRID)));
    const objs: Obj[] = [ca, cb, cc].map((colour, i) => ({ colour, size: 1, x: cells[i] % GRID, y: Math.floor(cells[i] / GRID) }));
    if (rng.next() < 0.5) objs.pop(); // sometimes a third, distracting square
    const [a, b] = objs;
    const dx = a.x - b.x;
    const dy = a.y - b.y;
    const seen = [...objs.map((o) => `there is ${describe(o)}`), `they are ${Math.abs(dx)} across and ${Math.abs(dy)} down apart.`];
    const base = { family: 'spatial' as const, modality: 'image' as const, temporal: false, shortcut: false, ticks: 1, observe: () => seen };
    const draw: Draft['draw'] = (cv) => objs.forEach((o) => cv.cells(o.x, o.y, 1, o.colour));
    if (rng.next() < 0.5) {
      // regression (VSI-Bench style): centre distance in cells, to the nearest half cell
      const dist = Math.round(2 * Math.hypot(dx, dy)) / 2;
      return {
        ...base,
        draw,
        problem: `how far apart are the ${a.colour} square and the ${b.colour} square?`,
        problemType: 'regression',
        options: [],
        answer: dist.toFixed(1),
        wrong: (r) => (dist * between(r, 2, 3)).toFixed(1), // relative error >= 1: reward 0
      };
    }
    const { options, answer } = lettered(rng, relation(dx, dy), RELATIONS, 4, optionOrder);
    return {
      ...base,
      draw,
      problem: `where is the ${a.colour} square compared to the ${b.colour} square?`,
      problemType: 'multiple choice',
      options,
      answer,
      wrong: (r) => wrongLetter(r, options, answer),
    };
  },
};

export const chart: Family = {
  name: 'chart',
  modality: 'image',
  temporal: false,
  make({ rng, optionOrder }: GenContext): Draft {
    const k = between(rng, 3, 4);
    const colours = pickDistinct(rng, COLOURS, k);
    const heights = pickDistinct(rng, [1, 2, 3, 4, 5, 6, 7], k); // distinct: unique tallest
    const draw: Draft['draw'] = (cv) =>
      colours.forEach((c, j) =>
        cv.rect(Math.floor((1 + 2 * j) * cv.cellW), Math.floor((GRID - heights[j]) * cv.cellH), Math.floor((2 + 2 * j) * cv.cellW), cv.h, c),
      );
    const seen = colours.map((c, j) => `the ${c} bar is ${heights[j]} tall.`);
    const base = { family: 'chart' as const, modality: 'image' as const, temporal: false, shortcut: false, ticks: 1, draw, observe: () => seen };
    const kind = rng.int(3);
    if (kind === 0) {
      const j = rng.int(k);
      return {
        ...base,
        problem: `how tall is the ${colours[j]} bar?`,
        problemType: 'numerical',
        options: [],
        answer: String(heights[j]),
        wrong: (r) => wrongInt(r, heights[j], 1, 7),
      };
    }
    if (kind === 1) {
      const top = colours[heights.indexOf(Math.max(...heights))];
      const { options, answer } = lettered(rng, top, colours, k, optionOrder);
      return { ...base, problem: 'which bar is the tallest?', problemType: 'multiple choice', options, answer, wrong: (r) => wrongLetter(r, options, answer) };
    }
    const [i, j] = pickDistinct(rng, [...colours.keys()], 2).sort((p, q) => heights[q] - heights[p]);
    const diff = heights[i] - heights[j];
    return {
      ...base,
      problem: `how much taller is the ${colours[i]} bar than the ${colours[j]} bar?`,
      problemType: 'numerical',
      options: [],
      answer: String(diff),
      wrong: (r) => wrongInt(r, diff, 1, 6),
    };
  },
};
