/**
 * Bitmaps drawn into synthetic frames: a 3x5 pixel font (letters, digits, '+', '-') for OCR and
 * math images (paper §3.1: OCR = "recognizing embedded textual content", Math = "formulas"), and
 * 5x5 pictograms for the knowledge table. Rows are top to bottom, '#' = ink.
 */
import type { SymbolName } from './vocab';

/** A parsed bitmap: its size and the (x, y) of every ink pixel. */
export interface Bitmap {
  readonly w: number;
  readonly h: number;
  readonly ink: readonly (readonly [number, number])[];
  readonly rows: readonly string[];
}

const FONT_ROWS: Readonly<Record<string, string>> = {
  a: '.#. #.# ### #.# #.#',
  b: '##. #.# ##. #.# ##.',
  c: '.## #.. #.. #.. .##',
  d: '##. #.# #.# #.# ##.',
  e: '### #.. ##. #.. ###',
  f: '### #.. ##. #.. #..',
  g: '.## #.. #.# #.# .##',
  h: '#.# #.# ### #.# #.#',
  i: '### .#. .#. .#. ###',
  j: '..# ..# ..# #.# .#.',
  k: '#.# #.# ##. #.# #.#',
  l: '#.. #.. #.. #.. ###',
  m: '#.# ### ### #.# #.#',
  n: '##. #.# #.# #.# #.#',
  o: '.#. #.# #.# #.# .#.',
  p: '##. #.# ##. #.. #..',
  q: '.#. #.# #.# ##. .##',
  r: '##. #.# ##. #.# #.#',
  s: '.## #.. .#. ..# ##.',
  t: '### .#. .#. .#. .#.',
  u: '#.# #.# #.# #.# ###',
  v: '#.# #.# #.# #.# .#.',
  w: '#.# #.# ### ### #.#',
  x: '#.# #.# .#. #.# #.#',
  y: '#.# #.# .#. .#. .#.',
  z: '### ..# .#. #.. ###',
  0: '### #.# #.# #.# ###',
  1: '.#. ##. .#. .#. ###',
  2: '##. ..# .#. #.. ###',
  3: '##. ..# .#. ..# ##.',
  4: '#.# #.# ### ..# ..#',
  5: '### #.. ##. ..# ##.',
  6: '.## #.. ### #.# ###',
  7: '### ..# .#. .#. .#.',
  8: '### #.# ### #.# ###',
  9: '### #.# ### ..# ##.',
  '+': '... .#. ### .#. ...',
  '-': '... ... ### ... ...',
};

const SYMBOL_ROWS: Readonly<Record<SymbolName, string>> = {
  sun: '#.#.# .###. ##### .###. #.#.#',
  moon: '.###. ##... #.... ##... .###.',
  bird: '#...# .#.#. ..#.. ..... .....',
  fish: '..... .##.# ##### .##.# .....',
  tree: '.###. ##### .###. ..#.. ..#..',
  house: '..#.. .###. ##### #...# #####',
};

function parse(spec: string): Bitmap {
  const rows = spec.split(' ');
  const ink: [number, number][] = [];
  rows.forEach((row, y) => [...row].forEach((ch, x) => ch === '#' && ink.push([x, y])));
  return { w: rows[0].length, h: rows.length, ink, rows };
}

const parseAll = <K extends string>(src: Readonly<Record<K, string>>): Readonly<Record<K, Bitmap>> =>
  Object.fromEntries(Object.entries<string>(src).map(([k, v]) => [k, parse(v)])) as Record<K, Bitmap>;

/** The 3x5 font: one glyph per character. */
export const FONT: Readonly<Record<string, Bitmap>> = parseAll(FONT_ROWS);
/** The 5x5 knowledge pictograms. */
export const SYMBOL_GLYPHS: Readonly<Record<SymbolName, Bitmap>> = parseAll(SYMBOL_ROWS);

/** Glyph width + one blank column, in font pixels. */
export const ADVANCE = 4;
/** Glyph height + one blank row, in font pixels. */
export const LINE_HEIGHT = 6;

/**
 * Largest integer scale (capped at `maxScale`) at which `lines` of text fit a w x h frame;
 * 0 when even scale 1 does not fit.
 */
export function textScale(lines: readonly string[], w: number, h: number, maxScale = 3): number {
  const cols = Math.max(...lines.map((l) => l.length)) * ADVANCE - 1;
  const rows = lines.length * LINE_HEIGHT - 1;
  return Math.min(maxScale, Math.floor(w / cols), Math.floor(h / rows));
}
