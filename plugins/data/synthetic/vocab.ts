/**
 * The closed vocabulary of the synthetic world. A tiny policy must learn every word it reads or
 * writes, so questions, options, answers and teacher rationales are built only from the lists
 * below; `worldVocabulary()` enumerates every word piece they can produce.
 */

/** Object colours and their RGB values (background is black). */
export const COLOURS = ['red', 'green', 'blue', 'yellow', 'purple', 'white'] as const;
export type Colour = (typeof COLOURS)[number];
export const RGB: Readonly<Record<Colour, readonly [number, number, number]>> = {
  red: [1, 0, 0],
  green: [0, 1, 0],
  blue: [0, 0, 1],
  yellow: [1, 1, 0],
  purple: [1, 0, 1],
  white: [1, 1, 1],
};

export const DIRECTIONS = ['left', 'right', 'up', 'down'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Thirds of a clip, for "when" questions. */
export const PHASES = ['beginning', 'middle', 'end'] as const;

/** Relative positions, for spatial questions. */
export const RELATIONS = ['left', 'right', 'above', 'below'] as const;

/** Words drawn as text in OCR images (3-4 letters, so two fit a 20-pixel-wide frame). */
export const OCR_WORDS = [
  'cat',
  'dog',
  'sun',
  'box',
  'map',
  'cup',
  'hat',
  'pen',
  'bus',
  'fox',
  'key',
  'jam',
  'milk',
  'star',
  'door',
  'frog',
  'kite',
  'lamp',
  'wave',
  'quiz',
  'gold',
  'ship',
] as const;

/**
 * The knowledge table (paper §3.1 "Knowledge": integrate world knowledge with visual cues): each
 * symbol is rendered as a 5x5 glyph; questions ask its name or a fact that needs the name first.
 */
export const SYMBOLS = ['sun', 'moon', 'bird', 'fish', 'tree', 'house'] as const;
export type SymbolName = (typeof SYMBOLS)[number];
export const PLACES = ['sky', 'water', 'land'] as const;
export const FACTS: Readonly<Record<SymbolName, { place: (typeof PLACES)[number]; alive: 'yes' | 'no' }>> = {
  sun: { place: 'sky', alive: 'no' },
  moon: { place: 'sky', alive: 'no' },
  bird: { place: 'sky', alive: 'yes' },
  fish: { place: 'water', alive: 'yes' },
  tree: { place: 'land', alive: 'yes' },
  house: { place: 'land', alive: 'no' },
};

/** Option letters (docs/released-code.md §5.1: "A. ..."). */
export const LETTERS = ['A', 'B', 'C', 'D'] as const;

/** Every other word used by the templates of questions, options and rationales. */
const TEMPLATE_WORDS = `
  which way does the square move lights up first last how many times flash when what colour is
  big small are there describe moves then text say value of expression tall bar tallest much taller than
  far apart and where compared to symbol this thing found alive yes no at column row frame bright i see
  read letters line let me think hmm oh so answer a an it looks like in not sky water land
  squares across down gap look image they frames one by clip has options
`;

const TAG_SPLIT = /<\/?think>|<\/?answer>/g;
const PIECE = /\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu;

/**
 * Word pieces of a text as the `words` tokenizer splits them (a run of letters, a run of digits, or
 * one punctuation mark), with the format tags removed.
 */
export function textWords(text: string): string[] {
  return text.replace(TAG_SPLIT, ' ').match(PIECE) ?? [];
}

/**
 * Every word piece the world can write, sorted: template words, colours, directions, symbols,
 * OCR words and their letters, option letters, integers 0..max(100, maxFrames), punctuation.
 */
export function worldVocabulary(maxFrames = 64): string[] {
  const words = new Set<string>(TEMPLATE_WORDS.split(/\s+/).filter(Boolean));
  const lists: readonly (readonly string[])[] = [COLOURS, DIRECTIONS, PHASES, RELATIONS, OCR_WORDS, SYMBOLS, PLACES, LETTERS];
  for (const list of lists) for (const w of list) words.add(w);
  for (const c of 'abcdefghijklmnopqrstuvwxyz') words.add(c);
  for (let n = 0; n <= Math.max(100, maxFrames); n++) words.add(String(n));
  for (const p of ['?', '.', ',', ':', '+', '-']) words.add(p);
  return [...words].sort();
}
