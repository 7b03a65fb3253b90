import format from '../../../plugins/reward/format';
import { rewardTable } from '../../support/reward-table';

/** Rows follow `re.fullmatch(r"<think>.*?</think>\s*<answer>.*?</answer>", s, re.DOTALL)` (grpo.py format_reward). */
rewardTable(format, {
  cases: [
    { why: 'both tags, nothing between', text: '<think>a</think><answer>b</answer>', expect: 1 },
    { why: 'worked example: a newline between the blocks', text: '<think>a</think>\n<answer>b</answer>', expect: 1 },
    { why: 'worked example: a trailing newline fails (full match)', text: '<think>a</think>\n<answer>b</answer>\n', expect: 0 },
    { why: 'anything after </answer> fails', text: '<think>a</think><answer>b</answer> done', expect: 0 },
    { why: 'anything before <think> fails', text: ' <think>a</think><answer>b</answer>', expect: 0 },
    { why: 'a second answer tag still passes (lazy runs backtrack)', text: '<think>a</think><answer>b</answer><answer>c</answer>', expect: 1 },
    { why: 'a second think block inside the first passes', text: '<think>a</think>x</think><answer>b</answer>', expect: 1 },
    { why: 'empty think and answer pass', text: '<think></think><answer></answer>', expect: 1 },
    { why: 'multi-line reasoning (DOTALL)', text: '<think>step 1\nstep 2\n</think>\n\n<answer>\nB\n</answer>', expect: 1 },
    { why: 'text between the blocks fails', text: '<think>a</think> so <answer>b</answer>', expect: 0 },
    { why: 'Python \\s includes U+001C and U+0085', text: '<think>a</think>\x1c\x85<answer>b</answer>', expect: 1 },
    { why: 'Python \\s excludes the BOM', text: '<think>a</think>\ufeff<answer>b</answer>', expect: 0 },
    { why: 'no think block', text: '<answer>b</answer>', expect: 0 },
    { why: 'blocks swapped', text: '<answer>b</answer><think>a</think>', expect: 0 },
    { why: 'tags are case-sensitive', text: '<Think>a</Think><answer>b</answer>', expect: 0 },
    { why: 'special tokens are not part of the text (docs/released-code.md §2.3)', text: '<think>a</think><answer>b</answer><|im_end|>', expect: 0 },
    { why: 'one score per completion', texts: ['<think></think><answer>x</answer>', 'x', ''], expect: [1, 0, 0] },
  ],
  robust: [
    { why: 'empty', text: '' },
    { why: 'unclosed think', text: '<think>' },
    { why: 'unclosed answer', text: '<think>a</think><answer>b' },
    { why: 'many think closings (backtracking)', text: `<think>${'</think>'.repeat(2000)}<answer>` },
    { why: 'lone surrogates', text: '<think>\ud800</think><answer>\udc00</answer>' },
    { why: 'no completions', texts: [] },
  ],
});
