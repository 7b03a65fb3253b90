import { pySplit } from './python/text';

/**
 * Word error rate as Video-R1 computes it for OCR (grpo.py `wer`, docs/released-code.md §2.2):
 * word-level Levenshtein distance (insertion, deletion, substitution each cost 1) between the
 * Python-`split()` words of `reference` and `hypothesis`, divided by max(1, reference words).
 * Case-sensitive; punctuation stays attached. Example: 'the quick brown fox' vs
 * 'the quick brown dog' is 1/4 = 0.25. Can exceed 1 (extra words).
 */
export function wer(reference: string, hypothesis: string): number {
  const ref = pySplit(reference);
  const hyp = pySplit(hypothesis);
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const row = [i];
    for (let j = 1; j <= hyp.length; j++) {
      row[j] = ref[i - 1] === hyp[j - 1] ? prev[j - 1] : 1 + Math.min(prev[j], row[j - 1], prev[j - 1]);
    }
    prev = row;
  }
  return prev[hyp.length] / Math.max(1, ref.length);
}
