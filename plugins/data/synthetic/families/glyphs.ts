/**
 * Families drawn with bitmaps: `ocr` (words in the 3x5 font, paper §3.1 "OCR"), `math` (an
 * arithmetic expression to evaluate, "Math") and `knowledge` (a pictogram whose name and facts
 * come from the fixed table in vocab.ts, "Knowledge").
 */
import type { Canvas } from '../canvas';
import { ADVANCE, LINE_HEIGHT, SYMBOL_GLYPHS, textScale } from '../font';
import type { Draft, Family, GenContext } from '../types';
import { COLOURS, FACTS, OCR_WORDS, PLACES, SYMBOLS, type Colour } from '../vocab';
import { between, lettered, pickDistinct, wrongInt, wrongLetter } from './common';

/** Draw text lines at the largest scale that fits, offset by jitter fractions (ux, uy) of the spare room. */
function drawText(cv: Canvas, lines: readonly string[], colour: Colour, ux: number, uy: number): void {
  const s = Math.max(1, textScale(lines, cv.w, cv.h));
  const tw = (Math.max(...lines.map((l) => l.length)) * ADVANCE - 1) * s;
  const th = (lines.length * LINE_HEIGHT - 1) * s;
  cv.text(lines, Math.floor(ux * (cv.w - tw + 1)), Math.floor(uy * (cv.h - th + 1)), s, colour);
}

const still = { modality: 'image' as const, temporal: false, shortcut: false, ticks: 1 };

export const ocr: Family = {
  name: 'ocr',
  modality: 'image',
  temporal: false,
  make({ rng }: GenContext): Draft {
    const words = pickDistinct(rng, OCR_WORDS, between(rng, 1, 2));
    const colour = rng.pick(COLOURS);
    const [ux, uy] = [rng.next(), rng.next()];
    return {
      ...still,
      family: 'ocr',
      problem: 'what does the text say?',
      problemType: 'OCR',
      options: [],
      answer: words.join(' '),
      draw: (cv) => drawText(cv, words, colour, ux, uy),
      observe: () => words.map((w, i) => `line ${i + 1}: i read the letters ${[...w].join(' ')}.`),
      // every word replaced: WER 1, reward 0 (docs/released-code.md §2.2 OCR)
      wrong: (r) => words.map((w) => r.pick(OCR_WORDS.filter((o) => o !== w))).join(' '),
    };
  },
};

/** An expression (digits, '+', '-', 'x' for times) and its value, never negative. */
function expression(rng: GenContext['rng']): { text: string; steps: string[]; value: number } {
  const [a, b, c] = [rng.int(10), rng.int(10), rng.int(10)];
  const form = rng.int(5);
  if (form === 0) return { text: `${a}+${b}`, steps: [], value: a + b };
  if (form === 1) return { text: `${Math.max(a, b)}-${Math.min(a, b)}`, steps: [], value: Math.max(a, b) - Math.min(a, b) };
  if (form === 2) return { text: `${a}x${b}`, steps: [], value: a * b };
  if (form === 3) {
    const c2 = Math.min(c, a + b);
    return { text: `${a}+${b}-${c2}`, steps: [`${a} + ${b} is ${a + b}.`], value: a + b - c2 };
  }
  const [hi, lo] = [Math.max(a, b), Math.min(a, b)];
  return { text: `${hi}-${lo}+${c}`, steps: [`${hi} - ${lo} is ${hi - lo}.`], value: hi - lo + c };
}

export const math: Family = {
  name: 'math',
  modality: 'image',
  temporal: false,
  make({ rng }: GenContext): Draft {
    const { text, steps, value } = expression(rng);
    const colour = rng.pick(COLOURS);
    const [ux, uy] = [rng.next(), rng.next()];
    return {
      ...still,
      family: 'math',
      problem: 'what is the value of the expression?',
      problemType: 'numerical',
      options: [],
      answer: String(value),
      draw: (cv) => drawText(cv, [text], colour, ux, uy),
      observe: () => [`i read ${[...text].join(' ')}.`, ...steps],
      wrong: (r) => wrongInt(r, value, Math.max(0, value - 3), value + 3),
    };
  },
};

export const knowledge: Family = {
  name: 'knowledge',
  modality: 'image',
  temporal: false,
  make({ rng, optionOrder }: GenContext): Draft {
    const symbol = rng.pick(SYMBOLS);
    const fact = FACTS[symbol];
    const [ux, uy] = [rng.next(), rng.next()];
    const kind = rng.int(3);
    const [text, pool, n, problem] =
      kind === 0
        ? [symbol, SYMBOLS, 4, 'what is this symbol?']
        : kind === 1
          ? [fact.place, PLACES, 3, 'where is this thing found?']
          : [fact.alive, ['yes', 'no'], 2, 'is this thing alive?'];
    const { options, answer } = lettered(rng, text, pool, n, optionOrder);
    const seen = ['i see a white symbol.', `it looks like a ${symbol}.`];
    if (kind === 1) seen.push(`a ${symbol} is found in the ${fact.place}.`);
    if (kind === 2) seen.push(`a ${symbol} is ${fact.alive === 'yes' ? '' : 'not '}alive.`);
    return {
      ...still,
      family: 'knowledge',
      problem,
      problemType: 'multiple choice',
      options,
      answer,
      draw: (cv) => {
        const glyph = SYMBOL_GLYPHS[symbol];
        const s = Math.max(1, Math.min(4, Math.floor(cv.w / glyph.w), Math.floor(cv.h / glyph.h)));
        cv.bitmap(glyph, Math.floor(ux * (cv.w - glyph.w * s + 1)), Math.floor(uy * (cv.h - glyph.h * s + 1)), s, 'white');
      },
      observe: () => seen,
      wrong: (r) => wrongLetter(r, options, answer),
    };
  },
};
