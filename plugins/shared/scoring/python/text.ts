/**
 * Python's notion of whitespace for `str` (`str.isspace()`, `re` `\s`, `str.split()`, `str.strip()`),
 * Unicode 14 / CPython 3.11. It differs from JavaScript's `\s`: Python counts U+001C..U+001F and
 * U+0085 as whitespace, and does not count U+FEFF (BOM).
 */
export const PY_SPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const LEADING = new RegExp(`^[${PY_SPACE_CLASS}]+`);
const TRAILING = new RegExp(`[${PY_SPACE_CLASS}]+$`);
const RUNS = new RegExp(`[${PY_SPACE_CLASS}]+`);

/** Python `s.strip()` with no argument. */
export function pyStrip(s: string): string {
  return s.replace(LEADING, '').replace(TRAILING, '');
}

/** Python `s.split()` with no argument: split on whitespace runs, drop empty strings. */
export function pySplit(s: string): string[] {
  return s.split(RUNS).filter((w) => w !== '');
}

/** True when the single code point `ch` is Python whitespace. */
export function isPySpace(ch: string): boolean {
  return LEADING.test(ch);
}
