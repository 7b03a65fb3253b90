import { SCORERS } from './accuracy';
import { extractAnswer } from './extract';
import { mra } from './mra';
import { pyStrip } from './python/text';

/** What eval_bench.py scores: a problem type and a `<answer>…</answer>` solution. */
export interface BenchItem {
  readonly problem_type: string;
  readonly solution: string;
}

/**
 * eval_bench.py's prediction (docs/released-code.md §5.5 step 5): the first `<answer>…</answer>`
 * content, stripped, or the whole raw output when that is '' (no tag, an unclosed one, or an empty
 * one: the script tests `output_ans == ''`). Example: `evalPrediction('B')` is 'B'.
 */
export function evalPrediction(output: string): string {
  const answer = extractAnswer(output);
  return answer === '' ? output : answer;
}

/**
 * Score of one output as eval_bench.py `reward_fn` computes it (docs/released-code.md §5.5 step 6), against
 * the extracted solution: multiple choice = exact string after Python `strip()` on both sides;
 * numerical = the training rule (same '.'/',' presence, commas dropped, Python `float()`, equal
 * after `round(·, 2)`, grpo.py; docs/released-code.md §2.2); regression = {@link mra}; OCR, free-form and unknown types = 0.
 * Any failure gives 0 (never throws). In [0, 1]. Example: solution '<answer>B</answer>' and the
 * untagged output ' B\n' score 1 (the accuracy reward gives 0: it extracts '').
 */
export function benchScore(item: BenchItem, output: string): number {
  try {
    const pred = evalPrediction(output);
    const gt = extractAnswer(item.solution);
    switch (item.problem_type) {
      case 'multiple choice':
        return pyStrip(pred) === pyStrip(gt) ? 1 : 0;
      case 'numerical':
        return SCORERS.numerical(pred, gt);
      case 'regression':
        return mra(pred, gt);
      default:
        return 0;
    }
  } catch {
    return 0;
  }
}
