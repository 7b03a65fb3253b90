/** Helpers shared by the families: options, distinct picks, wrong answers, phrases. */
import type { Rng } from '../../../../core/rng';
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
 * `pool`, shuffled; the answer is the correct option's letter.
 */
export function lettered(rng: Rng, correct: string, pool: readonly string[], n: number): { options: string[]; answer: string } {
  const others = pickDistinct(
    rng,
    pool.filter((p) => p !== correct),
    n - 1,
  );
  const texts = [correct, ...others];
  const order = rng.permutation(texts.length);
  const options = order.map((src, i) => `${LETTERS[i]}. ${texts[src]}`);
  return { options, answer: LETTERS[order.indexOf(0)] };
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
