import type { ProblemType } from '../../../core/contracts/sample';
import accuracy from '../../../plugins/reward/accuracy';
import { accuracyFor } from '../../../plugins/shared/scoring/accuracy';
import type { CaseRow } from '../../support/reward-table';
import { rewardTable } from '../../support/reward-table';

/**
 * Rows are hand-worked from Video-R1 grpo.py `accuracy_reward` (docs/released-code.md §2.2).
 * `row` wraps the model answer and the ground truth in tags; `raw` takes the texts as they are.
 * Keep each call on one line: the values were cross-checked by running the same calls through the
 * released Python reward.
 */
const row = (why: string, type: string, out: string, gt: string, expect: number): CaseRow => ({
  why,
  text: `<think>hmm</think><answer>${out}</answer>`,
  sample: { problem_type: type as ProblemType, solution: `<answer>${gt}</answer>` },
  expect,
});
/** rouge_score F-measure of precision p and recall r. */
const F = (p: number, r: number): number => (2 * p * r) / (p + r);
const raw = (why: string, type: string, text: string, solution: string, expect: number): CaseRow => ({
  why,
  text,
  sample: { problem_type: type as ProblemType, solution },
  expect,
});

rewardTable(accuracy, {
  cases: [
    // multiple choice: exact, case-sensitive string after extraction and strip
    row('mc: same letter', 'multiple choice', 'A', 'A', 1),
    row('mc: "A." vs "A" scores 0', 'multiple choice', 'A.', 'A', 0),
    row('mc: "(A)" vs "A" scores 0', 'multiple choice', '(A)', 'A', 0),
    row('mc: case-sensitive', 'multiple choice', 'a', 'A', 0),
    row('mc: whitespace inside the tags is stripped', 'multiple choice', ' \n B \t', 'B', 1),
    row('mc: NBSP is Python whitespace, stripped', 'multiple choice', '\u00a0C', 'C', 1),
    row('mc: U+001C is Python whitespace, stripped', 'multiple choice', '\x1cC', 'C', 1),
    row('mc: BOM is not Python whitespace', 'multiple choice', '\ufeffC', 'C', 0),
    raw('mc: no answer tag gives the empty answer', 'multiple choice', 'The answer is A', '<answer>A</answer>', 0),
    raw('mc: the first answer tag wins', 'multiple choice', '<answer>B</answer><answer>A</answer>', '<answer>A</answer>', 0),
    raw('mc: extraction ignores the format (no think tag)', 'multiple choice', 'x <answer>A</answer> y', '<answer>A</answer>', 1),
    raw('mc: quirk, a missing answer equals an empty ground truth', 'multiple choice', 'no tags', '<answer></answer>', 1),
    // numerical: '.'/',' gate, commas dropped, Python float(), equal after round(., 2)
    row('num: same integer', 'numerical', '7', '7', 1),
    row('num: "3.0" vs "3" scores 0 (decimal gate)', 'numerical', '3.0', '3', 0),
    row('num: "1,000" vs "1000" scores 0 (decimal gate)', 'numerical', '1,000', '1000', 0),
    row('num: "1,000" vs "1000.0": both gated in, commas dropped', 'numerical', '1,000', '1000.0', 1),
    row('num: quirk, "3,5" becomes 35, not 3.5', 'numerical', '3,5', '3.5', 0),
    row('num: "3.00" vs "3.0"', 'numerical', '3.00', '3.0', 1),
    row('num: 3.14159 rounds to 3.14', 'numerical', '3.14159', '3.14', 1),
    row('num: round(2.675, 2) = 2.67 (binary value below the tie)', 'numerical', '2.675', '2.67', 1),
    row('num: round(2.675, 2) != 2.68', 'numerical', '2.675', '2.68', 0),
    row('num: round(1.005, 2) = 1.0', 'numerical', '1.005', '1.0', 1),
    row('num: round(0.125, 2) = 0.12 (exact tie, to even)', 'numerical', '0.125', '0.12', 1),
    row('num: round(0.125, 2) != 0.13', 'numerical', '0.125', '0.13', 0),
    row('num: round(0.375, 2) = 0.38 (exact tie, to even)', 'numerical', '0.375', '0.38', 1),
    row('num: float accepts underscores between digits', 'numerical', '1_000', '1000', 1),
    row('num: float rejects "1__0"', 'numerical', '1__0', '10', 0),
    row('num: float rejects "1_"', 'numerical', '1_', '1', 0),
    row('num: float rejects hex "0x10"', 'numerical', '0x10', '16', 0),
    row('num: float rejects trailing junk', 'numerical', '12 apples', '12', 0),
    row('num: "1e3" vs "1000"', 'numerical', '1e3', '1000', 1),
    row('num: "-inf" vs "-Infinity"', 'numerical', '-inf', '-Infinity', 1),
    row('num: "nan" vs "nan" scores 0 (nan != nan)', 'numerical', 'nan', 'nan', 0),
    row('num: "-0" vs "0"', 'numerical', '-0', '0', 1),
    row('num: Arabic-Indic digit three is float 3', 'numerical', '\u0663', '3', 1),
    row('num: fullwidth digits are float 12', 'numerical', '\uff11\uff12', '12', 1),
    row('num: U+2212 minus sign is rejected', 'numerical', '\u22123', '-3', 0),
    row('num: empty answer fails float()', 'numerical', '', '0', 0),
    // OCR: 1 - word-level WER, clamped to [0, 1]
    row('ocr: worked example, one substitution in four words', 'OCR', 'the quick brown dog', 'the quick brown fox', 0.75),
    row('ocr: exact transcription', 'OCR', 'STOP here', 'STOP here', 1),
    row('ocr: one deletion in three words', 'OCR', 'a c', 'a b c', 1 - 1 / 3),
    row('ocr: punctuation stays attached', 'OCR', 'STOP here', 'STOP here.', 0.5),
    row('ocr: case-sensitive', 'OCR', 'hello world', 'Hello World', 0),
    row('ocr: WER above 1 clamps to 0', 'OCR', 'a b c d', 'a', 0),
    row('ocr: empty transcription of an empty ground truth', 'OCR', '', '', 1),
    // free-form: mean of rouge1, rouge2, rougeL F (rouge_score, stemmed)
    row('ff: identical text', 'free-form', 'The cat sat on the mat.', 'the cat sat on the mat', 1),
    row(
      'ff: stems dogs/dog, running/runs: 2 of 3 unigrams, no bigram, LCS 2',
      'free-form',
      'A dog runs',
      'The dogs are running',
      (F(2 / 3, 2 / 4) + 0 + F(2 / 3, 2 / 4)) / 3,
    ),
    row('ff: one extra word: unigrams 2/3, bigrams 1/2, LCS 2/3', 'free-form', 'a cat sat', 'a cat', (F(2 / 3, 1) + F(1 / 2, 1) + F(2 / 3, 1)) / 3),
    row('ff: non-ASCII text tokenizes to nothing', 'free-form', '日本語', '日本語', 0),
    // regression: 1 - clamp((|out - gt| + 1e-9) / (|gt| + 1e-9), 0, 1)
    row('reg: gt 4, answer 5', 'regression', '5', '4', 1 - (1 + 1e-9) / (4 + 1e-9)),
    row('reg: exact answer gives 1 - 1e-9/(|gt| + 1e-9)', 'regression', '10', '10', 1 - 1e-9 / (10 + 1e-9)),
    row('reg: ground truth 0 scores 0 even when exact', 'regression', '0', '0', 0),
    row('reg: error of |gt| or more scores 0', 'regression', '9', '4', 0),
    row('reg: negative ground truth', 'regression', '-1.5', '-2', 1 - (0.5 + 1e-9) / (2 + 1e-9)),
    row('reg: no decimal gate, commas dropped', 'regression', '1,000', '1000.0', 1 - 1e-9 / (1000 + 1e-9)),
    row('reg: parse failure scores 0', 'regression', 'about 5', '5', 0),
    row('reg: "inf" answer scores 0', 'regression', 'inf', '5', 0),
    row('reg: quirk, "nan" scores 1 (Python max(0.0, nan) is 0.0)', 'regression', 'nan', '5', 1),
    // problem types outside the five
    row('unknown problem type scores 0', 'yes/no', 'yes', 'yes', 0),
    row('problem types are case-sensitive', 'ocr', 'a', 'a', 0),
    row('an Object.prototype key is no problem type', '__proto__', 'a', 'a', 0),
    {
      why: 'one score per completion, in order',
      texts: ['<answer>B</answer>', '<answer> B </answer>', '<answer>C</answer>', ''],
      sample: { problem_type: 'multiple choice', solution: '<answer>B</answer>' },
      expect: [1, 1, 0, 0],
    },
  ],
  robust: [
    { why: 'empty completion', text: '' },
    { why: 'unclosed answer tag', text: '<answer>A' },
    { why: 'closing tag before opening tag', text: '</answer>A<answer>' },
    { why: 'nested answer tags', text: '<answer><answer>A</answer></answer>' },
    { why: 'lone surrogates and NUL', text: '<answer>\ud800\u0000\udfff</answer>', sample: { problem_type: 'numerical' } },
    { why: 'huge numeric answer', text: `<answer>${'9'.repeat(400)}</answer>`, sample: { problem_type: 'regression', solution: '<answer>1</answer>' } },
    {
      why: 'long free-form answer',
      text: `<answer>${'word '.repeat(2000)}</answer>`,
      sample: { problem_type: 'free-form', solution: '<answer>word</answer>' },
    },
    { why: 'long OCR answer', text: `<answer>${'x '.repeat(2000)}</answer>`, sample: { problem_type: 'OCR', solution: '<answer>x</answer>' } },
    { why: 'solution without tags', text: '<answer>A</answer>', sample: { solution: 'A' } },
    { why: 'empty problem type', text: '<answer>A</answer>', sample: { problem_type: '' as ProblemType } },
    { why: 'no completions', texts: [] },
  ],
});

describe('accuracyFor', () => {
  test('never throws on a non-string solution and scores it 0', () => {
    expect(accuracyFor('multiple choice', '<answer>A</answer>', undefined as unknown as string)).toBe(0);
  });
});
