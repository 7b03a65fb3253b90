import fc from 'fast-check';
import words, { buildVocabulary, createWords, pieces } from '../../../plugins/tokenizer/words';
import tokenizers from '../../../plugins/tokenizer/index';

const corpus = [
  'What is the total number of red cubes in the video?',
  '<answer>3</answer>',
  '<think>First, count the cubes:  one,\ttwo, three.\n\nSo 3.</think>\n<answer>3</answer>',
  'Options:\nA. 12.5\nB. 7\n   C. moving left',
  '  leading and trailing spaces  ',
  'Ünïcödé — and 日本語 text, emoji 🎥!',
  '',
];

describe('words tokenizer', () => {
  const tok = createWords(words.options.parse({}), { corpus });

  it.each(corpus.map((t) => [JSON.stringify(t).slice(0, 40), t]))('round-trips corpus text %s', (_, text) => {
    const ids = tok.encode(text);
    expect(ids).not.toContain(tok.special.unk);
    expect(tok.decode(ids)).toBe(text);
  });

  it('splits into pieces that concatenate back to the text (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => pieces(s).map((p) => p.piece).join('') === s), { numRuns: 500 });
  });

  it('round-trips any text built from corpus characters, spelling unseen words (property)', () => {
    const chars = [...new Set([...corpus.join('').replace(/<\/?(think|answer)>/g, '')])];
    fc.assert(fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 40 }), (cs) => tok.decode(tok.encode(cs.join(''))) === cs.join('')));
  });

  it('has pad, eos, unk and the four tags as single tokens', () => {
    expect(tok.special).toEqual({ pad: 0, eos: 1, unk: 2, '<think>': 3, '</think>': 4, '<answer>': 5, '</answer>': 6 });
    expect(tok.encode('<think>x</think><answer>3</answer>')).toEqual([3, tok.encode('x')[0], 4, 5, tok.encode('3')[0], 6]);
  });

  it('keeps a leading space with the word and whitespace runs as tokens', () => {
    expect(pieces('a  b\n').map((p) => p.piece)).toEqual(['a', ' ', ' b', '\n']);
    expect(pieces('x, 12.5').map((p) => p.piece)).toEqual(['x', ',', ' 12', '.', '5']);
  });

  it('builds the same vocabulary in the same order from the same corpus', () => {
    expect(buildVocabulary(corpus, { minFreq: 1, maxWords: 0 })).toEqual(buildVocabulary([...corpus], { minFreq: 1, maxWords: 0 }));
    const capped = buildVocabulary(corpus, { minFreq: 1, maxWords: 3 });
    const charCount = new Set([...corpus.join('').replace(/<\/?(think|answer)>/g, '')]).size;
    expect(capped).toHaveLength(7 + charCount + 3);
  });

  it('maps unseen characters to unk and decodes specials', () => {
    const ids = tok.encode('zzq∑');
    expect(ids).toContain(tok.special.unk);
    expect(tok.decode([tok.special.eos, tok.special.pad], { skipSpecial: false })).toBe('<eos><pad>');
    expect(tok.decode([5, 1, 0], { skipSpecial: true })).toBe('<answer>');
    expect(tok.decode([99999])).toBe('<unk>');
  });

  it('restores from toJSON through the index and rejects foreign state', async () => {
    const plugin = (await tokenizers.words()).default as typeof words;
    const saved = JSON.parse(JSON.stringify(tok.toJSON()));
    const restored = await plugin.create(plugin.options.parse({}), { corpus: [], saved });
    expect(restored.vocabSize).toBe(tok.vocabSize);
    expect(restored.encode(corpus[2])).toEqual(tok.encode(corpus[2]));
    expect(() => createWords({ minFreq: 1, maxWords: 0 }, { corpus: [], saved: { type: 'bytes' } })).toThrow(/not a words tokenizer/);
  });
});
