import { questionText, sftTarget, toPrompt } from '../../core/data/prompt';
import type { Sample } from '../../core/contracts/sample';
import type { Tokenizer } from '../../core/contracts/tokenizer';
import bytes from '../../plugins/tokenizer/bytes';

const tokenizer = bytes.create(bytes.options.parse({}), { corpus: [] }) as Tokenizer;
const frames = { data: new Float32Array(3), t: 1, h: 1, w: 1, c: 3 };
const sample = (o: Partial<Sample>): Sample => ({
  problem_id: 7,
  problem: 'What?',
  data_type: 'image',
  problem_type: 'free-form',
  options: [],
  solution: '<answer>x</answer>',
  path: './x.png',
  data_source: 's',
  frames,
  category: 'c',
  temporal: false,
  ...o,
});

describe('prompts (docs/released-code.md §4)', () => {
  it.each([
    {
      why: 'multiple choice joins "Options:" with no separator and ends every option with a newline',
      r: { problem: 'Which?', problem_type: 'multiple choice' as const, options: ['A. up', 'B. down'] },
      text: 'Which?Options:\nA. up\nB. down\n',
    },
    { why: 'other types are just the problem', r: { problem: 'How many?', problem_type: 'numerical' as const, options: [] }, text: 'How many?' },
  ])('$why', ({ r, text }) => expect(questionText(r)).toBe(text));

  it('builds the SFT target as process + newline + solution (sft_video.py)', () => {
    expect(sftTarget({ process: '<think>a</think>', solution: '<answer>B</answer>' })).toBe('<think>a</think>\n<answer>B</answer>');
  });

  it('refuses an empty question, naming the problem_id', () => {
    expect(() => toPrompt(sample({ problem: '' }), tokenizer)).toThrow(/problem_id 7: a sample has an empty question/);
  });
});
