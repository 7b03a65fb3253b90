/** Helpers shared by the families: options, distinct picks, wrong answers, phrases. */
import type { Rng } from '../../../../core/rng';
import type { OptionOrder } from '../types';
import { LETTERS } from '../vocab';

/** k distinct items of a list, in random order. */
export function pickDistinct<T>(rng: Rng, items: readonly T[], k: number): T[] {
  return rng
    .permutation(items.length)
    .slice(0, k)
    .map((i) => items[i]);
}

/** Random integer in [lo, hi]. */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/**
 * Multiple-choice options (docs/released-code.md §5.1: "A. ..."): the correct text plus n - 1 distractors from
 * `pool`, shuffled (or, with `sorted`, in alphabetical order); the answer is the correct option's letter.
 * `sorted` draws the same permutation, so both orders give the same scenes. The correct text is
 * uniform within a random option set, so its alphabetical rank, and so its letter, stays uniform:
 * sorting gives no blind letter prior, it only makes the letter a fixed function of the texts.
 */
export function lettered(rng: Rng, correct: string, pool: readonly string[], n: number, order: OptionOrder): { options: string[]; answer: string } {
  const others = pickDistinct(
    rng,
    pool.filter((p) => p !== correct),
    n - 1,
  );
  const texts = [correct, ...others];
  const perm = rng.permutation(texts.length);
  const placed = order === 'sorted' ? [...texts].sort() : perm.map((src) => texts[src]);
  return { options: placed.map((t, i) => `${LETTERS[i]}. ${t}`), answer: LETTERS[placed.indexOf(correct)] };
}

/** A letter of `options` other than `answer` (the teacher's multiple-choice mistake). */
export function wrongLetter(rng: Rng, options: readonly string[], answer: string): string {
  return rng.pick(LETTERS.slice(0, options.length).filter((l) => l !== answer));
}

/** An integer in [lo, hi] other than `right` (a numerical mistake: scores 0). */
export function wrongInt(rng: Rng, right: number, lo: number, hi: number): string {
  let v = right;
  while (v === right) v = between(rng, lo, hi);
  return String(v);
}

/** "column 3, row 5" for a cell (1-based, as a person counts). */
export const at = (x: number, y: number): string => `column ${x + 1}, row ${y + 1}`;
