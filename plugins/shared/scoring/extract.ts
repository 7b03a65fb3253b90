import { pyStrip } from './python/text';

const OPEN = '<answer>';
const CLOSE = '</answer>';

/**
 * The answer inside the first `<answer>…</answer>` pair, stripped; '' when there is none.
 * Same result as Video-R1's `re.search(r'<answer>\s*(.*?)\s*</answer>', text, re.DOTALL)`
 * followed by `.group(1).strip()` (docs/released-code.md §2.1): the leftmost `<answer>` that has a
 * closing tag after it is the first `<answer>` at all, and the lazy capture stops at the first
 * `</answer>` after it. Example: `extractAnswer('x<answer> B </answer><answer>C</answer>')` is 'B'.
 */
export function extractAnswer(text: string): string {
  const open = text.indexOf(OPEN);
  if (open < 0) return '';
  const close = text.indexOf(CLOSE, open + OPEN.length);
  if (close < 0) return '';
  return pyStrip(text.slice(open + OPEN.length, close));
}
