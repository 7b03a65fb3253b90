import { porterStem } from './porter';

/** ROUGE F-measures of one (reference, prediction) pair and their mean, as Video-R1 averages them. */
export interface RougeScores {
  readonly rouge1: number;
  readonly rouge2: number;
  readonly rougeL: number;
  /** (rouge1 + rouge2 + rougeL) / 3, grpo.py `compute_rouge_score`. */
  readonly mean: number;
}

/**
 * Google rouge_score's default tokenizer with `use_stemmer=True` (rouge_score/tokenize.py):
 * lowercase, replace every run outside [a-z0-9] with a space, split, Porter-stem tokens longer than
 * 3 characters, keep tokens matching ^[a-z0-9]+$. Non-ASCII text tokenizes to nothing.
 */
export function rougeTokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .map((t) => (t.length > 3 ? porterStem(t) : t))
    .filter((t) => /^[a-z0-9]+$/.test(t));
}

/** rouge_score `scoring.fmeasure`: 2PR / (P + R), or 0 when P + R is 0. */
const fmeasure = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** rouge_score `_score_ngrams`: clipped n-gram overlap. */
function rougeN(target: readonly string[], prediction: readonly string[], n: number): number {
  const t = ngramCounts(target, n);
  const p = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [gram, count] of t) overlap += Math.min(count, p.get(gram) ?? 0);
  const total = (c: Map<string, number>): number => [...c.values()].reduce((a, b) => a + b, 0);
  return fmeasure(overlap / Math.max(total(p), 1), overlap / Math.max(total(t), 1));
}

/** rouge_score `_score_lcs`: longest common subsequence of tokens (rougeL, not rougeLsum). */
function rougeL(target: readonly string[], prediction: readonly string[]): number {
  if (target.length === 0 || prediction.length === 0) return 0;
  let prev = new Array<number>(prediction.length + 1).fill(0);
  for (const tok of target) {
    const row = [0];
    for (let j = 1; j <= prediction.length; j++) {
      row[j] = tok === prediction[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    }
    prev = row;
  }
  const lcs = prev[prediction.length];
  return fmeasure(lcs / prediction.length, lcs / target.length);
}

/**
 * `RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True).score(reference, prediction)`
 * F-measures, plus their mean (docs/released-code.md §2.2, free-form). Matches rouge_score 0.1.2
 * to 1e-12 on test/fixtures/rouge/rouge-pairs.json.
 */
export function rougeScore(reference: string, prediction: string): RougeScores {
  const target = rougeTokenize(reference);
  const pred = rougeTokenize(prediction);
  const rouge1 = rougeN(target, pred, 1);
  const rouge2 = rougeN(target, pred, 2);
  const l = rougeL(target, pred);
  return { rouge1, rouge2, rougeL: l, mean: (rouge1 + rouge2 + l) / 3 };
}
