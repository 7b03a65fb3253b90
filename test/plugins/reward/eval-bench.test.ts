import type { ProblemType } from '../../../core/contracts/sample';
import evalBench from '../../../plugins/reward/eval-bench';
import type { CaseRow } from '../../support/reward-table';
import { rewardTable } from '../../support/reward-table';

/**
 * Rows are hand-worked from Video-R1 src/eval_bench.py `reward_fn` and `mean_relative_accuracy`
 * (docs/released-code.md §5.5 steps 5-6). `row` wraps the answer and the ground truth in tags;
 * `raw` takes the completion as it is (the no-tag fallback: the whole output is the prediction).
 * MRA rows: rel = |pred − gt| / (|gt| + 1e-8), the score counts θ ∈ {0.50, …, 0.95} with rel < 1 − θ.
 */
const row = (why: string, type: string, out: string, gt: string, expect: number): CaseRow => ({
  why,
  text: `<think>hmm</think><answer>${out}</answer>`,
  sample: { problem_type: type as ProblemType, solution: `<answer>${gt}</answer>` },
  expect,
});
const raw = (why: string, type: string, text: string, gt: string, expect: number): CaseRow => ({
  why,
  text,
  sample: { problem_type: type as ProblemType, solution: `<answer>${gt}</answer>` },
  expect,
});

rewardTable(evalBench, {
  cases: [
    // multiple choice: exact string, both sides stripped
    row('mc: same letter', 'multiple choice', 'B', 'B', 1),
    row('mc: other letter', 'multiple choice', 'C', 'B', 0),
    row('mc: "B." vs "B" scores 0', 'multiple choice', 'B.', 'B', 0),
    row('mc: case-sensitive', 'multiple choice', 'b', 'B', 0),
    raw('mc: no tag, the whole output is the prediction (§5.5 step 5)', 'multiple choice', 'B', 'B', 1),
    raw('mc: no tag, the whole output is stripped (doc example)', 'multiple choice', ' B\n', 'B', 1),
    raw('mc: no tag, a sentence is not the letter', 'multiple choice', 'The answer is B', 'B', 0),
    raw('mc: unclosed tag, the whole output is the prediction', 'multiple choice', '<answer>B', 'B', 0),
    raw('mc: the first answer tag wins', 'multiple choice', '<answer>C</answer><answer>B</answer>', 'B', 0),
    raw('mc: empty tag falls back to the whole output (output_ans == "")', 'multiple choice', '<answer> </answer>', '', 0),
    raw('mc: empty output matches an empty ground truth', 'multiple choice', '', '', 1),
    // numerical: the training rule on the prediction
    row('num: same integer', 'numerical', '7', '7', 1),
    row('num: "3.0" vs "3" scores 0 (decimal gate)', 'numerical', '3.0', '3', 0),
    row('num: 3.14159 rounds to 3.14', 'numerical', '3.14159', '3.14', 1),
    row('num: "1,000" vs "1000.0": commas dropped', 'numerical', '1,000', '1000.0', 1),
    raw('num: no tag, the whole output parses (float() strips whitespace)', 'numerical', ' 42\n', '42', 1),
    raw('num: no tag, a sentence does not parse', 'numerical', 'about 42', '42', 0),
    // regression: MRA
    row('reg: worked example, 8.8 vs 10: rel 0.12 passes θ = 0.50 … 0.85', 'regression', '8.8', '10', 0.8),
    row('reg: exact answer', 'regression', '10', '10', 1),
    row('reg: no decimal gate', 'regression', '10.0', '10', 1),
    row('reg: 12 vs 10 over-estimates: rel 0.2 − 2e-10 passes θ = 0.50 … 0.80', 'regression', '12', '10', 0.7),
    row('reg: 5 vs 10: rel just under 0.5 (the 1e-8) passes θ = 0.50 only', 'regression', '5', '10', 0.1),
    row('reg: 4 vs 10: rel 0.6 passes no threshold', 'regression', '4', '10', 0),
    row('reg: 2.45 vs 2.0: rel 0.225 passes θ = 0.50 … 0.75', 'regression', '2.45', '2.0', 0.6),
    row('reg: negative values', 'regression', '-8.8', '-10', 0.8),
    row('reg: ground truth 0, exact answer (rel 0)', 'regression', '0', '0', 1),
    row('reg: ground truth 0, any error (rel 1e8)', 'regression', '1', '0', 0),
    row('reg: commas dropped', 'regression', '1,000', '1000', 1),
    row('reg: parse failure scores 0', 'regression', 'far', '3.0', 0),
    row('reg: "nan" passes no threshold', 'regression', 'nan', '10', 0),
    row('reg: "inf" passes no threshold', 'regression', 'inf', '10', 0),
    raw('reg: no tag, the whole output is the prediction', 'regression', '8.8', '10', 0.8),
    // OCR, free-form and anything else score 0 in eval_bench.py
    row('ocr: 0 even when exact', 'OCR', 'STOP here', 'STOP here', 0),
    row('ff: 0 even when exact', 'free-form', 'a cat sat', 'a cat sat', 0),
    row('unknown problem type scores 0', 'yes/no', 'yes', 'yes', 0),
    row('an Object.prototype key is no problem type', '__proto__', 'a', 'a', 0),
    {
      why: 'one score per completion, in order',
      texts: ['<answer>B</answer>', 'B', '<answer>C</answer>', ''],
      sample: { problem_type: 'multiple choice', solution: '<answer>B</answer>' },
      expect: [1, 1, 0, 0],
    },
  ],
  robust: [
    { why: 'empty completion', text: '' },
    { why: 'closing tag before opening tag', text: '</answer>A<answer>' },
    { why: 'nested answer tags', text: '<answer><answer>A</answer></answer>' },
    { why: 'lone surrogates and NUL', text: '<answer>\ud800\u0000\udfff</answer>', sample: { problem_type: 'regression' } },
    {
      why: 'huge numeric answer (float overflow)',
      text: `<answer>${'9'.repeat(400)}</answer>`,
      sample: { problem_type: 'regression', solution: '<answer>1</answer>' },
    },
    { why: 'infinite ground truth', text: '<answer>inf</answer>', sample: { problem_type: 'regression', solution: '<answer>inf</answer>' } },
    { why: 'nan ground truth', text: '<answer>1</answer>', sample: { problem_type: 'regression', solution: '<answer>nan</answer>' } },
    { why: 'long untagged output', text: 'word '.repeat(5000), sample: { problem_type: 'numerical' } },
    { why: 'solution without tags', text: '<answer>A</answer>', sample: { solution: 'A' } },
    { why: 'empty problem type', text: '<answer>A</answer>', sample: { problem_type: '' as ProblemType } },
    { why: 'no completions', texts: [] },
  ],
});
