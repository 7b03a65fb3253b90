import fc from 'fast-check';
import { extractAnswer } from '../../../../plugins/shared/scoring/extract';
import { wer } from '../../../../plugins/shared/scoring/wer';
import { PY_SPACE_CLASS, pyStrip } from '../../../../plugins/shared/scoring/python/text';

describe('extractAnswer (docs/released-code.md §2.1)', () => {
  test.each<[string, string]>([
    ['<answer>A</answer>', 'A'],
    ['<think>x</think><answer> \n B \t</answer>', 'B'],
    ['<answer>first</answer><answer>second</answer>', 'first'],
    ['<answer>a\nb</answer>', 'a\nb'],
    ['<answer></answer>', ''],
    ['no tags', ''],
    ['<answer>unclosed', ''],
    ['</answer>x<answer>y</answer>', 'y'],
    ['<answer><answer>A</answer></answer>', '<answer>A'],
    ['<answer>\u00a0A\x1c</answer>', 'A'],
  ])('%j gives %j', (text, want) => {
    expect(extractAnswer(text)).toBe(want);
  });

  test("property: agrees with Python's regex form, re.search(r'<answer>\\s*(.*?)\\s*</answer>').group(1).strip()", () => {
    const RE = new RegExp(`<answer>[${PY_SPACE_CLASS}]*([^]*?)[${PY_SPACE_CLASS}]*</answer>`);
    const piece = fc.oneof(fc.string(), fc.constantFrom('<answer>', '</answer>', ' ', '\n', '\x1c', '\u00a0', '\ufeff'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        return extractAnswer(text) === pyStrip(RE.exec(text)?.[1] ?? '');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('wer (docs/released-code.md §2.2 OCR)', () => {
  test.each<[string, string, number]>([
    ['the quick brown fox', 'the quick brown dog', 1 / 4],
    ['a b c', 'a c', 1 / 3],
    ['a b c', 'a x b c', 1 / 3],
    ['a', 'a b c d', 3],
    ['', '', 0],
    ['', 'word', 1],
    ['Hello World', 'hello world', 1],
    ['STOP here.', 'STOP here', 1 / 2],
    ['a  b\n\tc', 'a b c', 0],
  ])('wer(%j, %j) is %p', (ref, hyp, want) => {
    expect(wer(ref, hyp)).toBe(want);
  });

  test('property: 0 on identical text, symmetric distance bounded by the longer side', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'A')), fc.array(fc.constantFrom('a', 'b', 'c', 'A')), (r, h) => {
        const d = wer(r.join(' '), h.join(' ')) * Math.max(1, r.length);
        return wer(r.join(' '), r.join(' ')) === 0 && d === wer(h.join(' '), r.join(' ')) * Math.max(1, h.length) && d <= Math.max(r.length, h.length);
      }),
    );
  });
});
