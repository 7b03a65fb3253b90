/**
 * An independent solver for the synthetic world's questions. It reads only the rendered FRAMES and
 * the record's text (problem, options), never the generator's scene state; the shared facts it
 * uses are the world's published definitions: the 8 x 8 board, the 3x5 font and pictograms, and
 * the knowledge table.
 */
import type { Frames, Sample } from '../../../../core/contracts/sample';
import { FONT, SYMBOL_GLYPHS, type Bitmap } from '../../../../plugins/data/synthetic/font';
import { FACTS, SYMBOLS } from '../../../../plugins/data/synthetic/vocab';

export interface Blob {
  colour: string;
  bright: boolean;
  area: number;
  /** Centroid in pixels (pixel centres at +0.5). */
  cx: number;
  cy: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const NAMES: Record<string, string> = { '100': 'red', '010': 'green', '001': 'blue', '110': 'yellow', '101': 'purple', '111': 'white' };

/** Connected regions (4-neighbours) of identical non-black pixels in frame t (RGB frames). */
export function blobs(f: Frames, t: number): Blob[] {
  const { h, w, c, data } = f;
  const base = t * h * w * c;
  // a pixel's colour as one number (values are multiples of 0.1, at most 1)
  const key = new Float64Array(h * w);
  for (let p = 0; p < h * w; p++) {
    const i = base + p * c;
    key[p] = Math.round(data[i] * 1000) * 1e6 + Math.round(data[i + 1] * 1000) * 1e3 + Math.round(data[i + 2] * 1000);
  }
  const seen = new Uint8Array(h * w);
  const stack = new Int32Array(h * w);
  const out: Blob[] = [];
  for (let p = 0; p < h * w; p++) {
    if (seen[p] || key[p] === 0) continue;
    let top = 0;
    stack[top++] = p;
    seen[p] = 1;
    let [area, sx, sy, x0, y0, x1, y1] = [0, 0, 0, w, h, -1, -1];
    while (top > 0) {
      const q = stack[--top];
      const x = q % w;
      const y = (q - x) / w;
      area++;
      sx += x + 0.5;
      sy += y + 0.5;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
      const push = (n: number, ok: boolean): void => {
        if (ok && !seen[n] && key[n] === key[p]) {
          seen[n] = 1;
          stack[top++] = n;
        }
      };
      push(q - 1, x > 0);
      push(q + 1, x < w - 1);
      push(q - w, y > 0);
      push(q + w, y < h - 1);
    }
    const rgb = [data[base + p * c], data[base + p * c + 1], data[base + p * c + 2]];
    const m = Math.max(...rgb);
    out.push({ colour: NAMES[rgb.map((v) => (v > m / 2 ? 1 : 0)).join('')], bright: m > 0.7, area, cx: sx / area, cy: sy / area, x0, y0, x1, y1 });
  }
  return out;
}

/** Board cell of a blob's top-left corner and of its centroid. */
export const cellOf = (f: Frames, b: Blob): { x: number; y: number } => ({ x: Math.floor(b.cx / (f.w / 8)), y: Math.floor(b.cy / (f.h / 8)) });
const cellTopLeft = (f: Frames, b: Blob): { x: number; y: number } => ({ x: Math.round(b.x0 / (f.w / 8)), y: Math.round(b.y0 / (f.h / 8)) });

/** Letter of the option whose text is `text` ('' when none). */
export const letterOf = (s: Pick<Sample, 'options'>, text: string): string => s.options.find((o) => o.slice(3) === text)?.[0] ?? '';

function dirOf(dx: number, dy: number): string {
  if (dx === 0 && dy === 0) return 'none';
  return Math.abs(dx) >= Math.abs(dy) ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'up' : 'down';
}

/** Runs of moves of the (single) square, from its cells frame by frame. */
function moves(f: Frames): { colour: string; runs: string[] } {
  let prev: { x: number; y: number } | null = null;
  const runs: string[] = [];
  let colour = '';
  for (let t = 0; t < f.t; t++) {
    const [b] = blobs(f, t);
    colour = b.colour;
    const cell = cellTopLeft(f, b);
    if (prev && (cell.x !== prev.x || cell.y !== prev.y)) {
      const d = dirOf(cell.x - prev.x, cell.y - prev.y);
      if (runs.at(-1) !== d) runs.push(d);
    }
    prev = cell;
  }
  return { colour, runs };
}

const brightFrames = (f: Frames): boolean[] => Array.from({ length: f.t }, (_, t) => blobs(f, t).some((b) => b.bright));

/** Bounding box of all ink in frame 0 and a pixel tester. */
function inkBox(f: Frames): { x0: number; y0: number; x1: number; y1: number; on: (x: number, y: number) => boolean } {
  const ink = blobs(f, 0);
  const on = (x: number, y: number): boolean => {
    const i = (y * f.w + x) * f.c;
    return x >= 0 && y >= 0 && x < f.w && y < f.h && f.data[i] + f.data[i + 1] + f.data[i + 2] > 0;
  };
  return {
    x0: Math.min(...ink.map((b) => b.x0)),
    y0: Math.min(...ink.map((b) => b.y0)),
    x1: Math.max(...ink.map((b) => b.x1)),
    y1: Math.max(...ink.map((b) => b.y1)),
    on,
  };
}

/** Read text drawn in the 3x5 font: lines of characters (every glyph has ink in its top and bottom rows). */
export function readText(f: Frames): string[] {
  const { x0, y0, x1, y1, on } = inkBox(f);
  const height = y1 - y0 + 1;
  const s = [1, 2, 3, 4].find((k) => height === 5 * k || height === 11 * k)!;
  const nLines = height === 5 * s ? 1 : 2;
  const lines: string[] = [];
  for (let l = 0; l < nLines; l++) {
    let line = '';
    for (let col = 0; x0 + col * 4 * s <= x1; col++) {
      const rows = Array.from({ length: 5 }, (_, gy) =>
        Array.from({ length: 3 }, (_, gx) => (on(x0 + (col * 4 + gx) * s, y0 + (l * 6 + gy) * s) ? '#' : '.')).join(''),
      );
      const ch = Object.entries(FONT).find(([, g]) => g.rows.join('') === rows.join(''))?.[0];
      if (ch === undefined) break;
      line += ch;
    }
    lines.push(line);
  }
  return lines;
}

/** Evaluate "3+4-2", "5x6": 'x' first, then left to right. */
export function evaluate(text: string): number {
  const terms = text.split(/(?=[+-])/).map((t) =>
    t
      .split('x')
      .map(Number)
      .reduce((a, b) => a * b),
  );
  return terms.reduce((a, b) => a + b);
}

/** Which pictogram is drawn (matched at every integer scale). */
export function readSymbol(f: Frames): string {
  const b = inkBox(f);
  const fits = (g: Bitmap): boolean => {
    const xs = g.ink.map(([x]) => x);
    const ys = g.ink.map(([, y]) => y);
    const [gx0, gy0] = [Math.min(...xs), Math.min(...ys)];
    const [gw, gh] = [Math.max(...xs) - gx0 + 1, Math.max(...ys) - gy0 + 1];
    const s = (b.x1 - b.x0 + 1) / gw;
    if (!Number.isInteger(s) || (b.y1 - b.y0 + 1) / gh !== s) return false;
    return g.rows.every((row, y) => [...row].every((ch, x) => b.on(b.x0 + (x - gx0) * s, b.y0 + (y - gy0) * s) === (ch === '#')));
  };
  return SYMBOLS.find((sym) => fits(SYMBOL_GLYPHS[sym])) ?? '?';
}

/** The answer (text inside `<answer>`) derived from the frames alone. */
export function solve(s: Sample, f: Frames = s.frames): string {
  const q = s.problem;
  const colourIn = (re: RegExp): string[] => [...q.matchAll(re)].map((m) => m[1]);
  switch (s.category) {
    case 'direction': {
      const [a] = blobs(f, 0);
      const [b] = blobs(f, f.t - 1);
      return letterOf(s, dirOf(Math.round(b.cx - a.cx), Math.round(b.cy - a.cy)));
    }
    case 'description': {
      const { colour, runs } = moves(f);
      return `the ${colour} square moves ${runs.join(' then ')}`;
    }
    case 'order': {
      const firstSeen: string[] = [];
      for (let t = 0; t < f.t; t++) for (const b of blobs(f, t)) if (b.bright && !firstSeen.includes(b.colour)) firstSeen.push(b.colour);
      return letterOf(s, (q.includes('first') ? firstSeen[0] : firstSeen.at(-1)) ?? '');
    }
    case 'count': {
      const lit = brightFrames(f);
      return String(lit.filter((on, t) => on && !lit[t - 1]).length);
    }
    case 'when': {
      const idx = brightFrames(f).flatMap((on, t) => (on ? [t] : []));
      const m = idx.reduce((a, b) => a + b, 0) / idx.length / (f.t - 1);
      return letterOf(s, m < 1 / 3 ? 'beginning' : m < 2 / 3 ? 'middle' : 'end');
    }
    case 'attribute':
    case 'general': {
      const bs = blobs(f, 0);
      if (s.problem_type === 'numerical') return String(bs.length);
      return letterOf(s, bs.reduce((a, b) => (b.area > a.area ? b : a)).colour);
    }
    case 'spatial': {
      const [ca, cb] = colourIn(/the (\w+) square/g);
      const bs = blobs(f, 0);
      const [a, b] = [ca, cb].map((c) =>
        cellOf(
          f,
          bs.find((x) => x.colour === c)!,
        ),
      );
      const [dx, dy] = [a.x - b.x, a.y - b.y];
      if (s.problem_type === 'regression') return (Math.round(2 * Math.hypot(dx, dy)) / 2).toFixed(1);
      return letterOf(s, Math.abs(dx) > Math.abs(dy) ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'above' : 'below');
    }
    case 'chart': {
      const height: Record<string, number> = {};
      for (const b of blobs(f, 0)) height[b.colour] = Math.round((b.y1 - b.y0 + 1) / (f.h / 8));
      const named = colourIn(/the (\w+) bar/g);
      if (named.length === 1) return String(height[named[0]]);
      if (named.length === 2) return String(height[named[0]] - height[named[1]]);
      return letterOf(s, Object.entries(height).sort((x, y) => y[1] - x[1])[0][0]);
    }
    case 'ocr':
      return readText(f).join(' ');
    case 'math':
      return String(evaluate(readText(f)[0]));
    case 'knowledge': {
      const sym = readSymbol(f) as (typeof SYMBOLS)[number];
      if (q.startsWith('what')) return letterOf(s, sym);
      return letterOf(s, q.startsWith('where') ? FACTS[sym]?.place : FACTS[sym]?.alive);
    }
    default:
      throw new Error(`no solver for ${s.category}`);
  }
}

/** The content of a solution's `<answer>` tag. */
export const answerOf = (s: Pick<Sample, 'solution'>): string => s.solution.replace(/^<answer>|<\/answer>$/g, '');
