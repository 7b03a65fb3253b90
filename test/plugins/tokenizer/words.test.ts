import fc from 'fast-check';
import { isUserError } from '../../../core/errors';
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
  const tok = createWords({ minFreq: 1, maxWords: 0 }, { corpus });

  it.each(corpus.map((t) => [JSON.stringify(t).slice(0, 40), t]))('round-trips corpus text %s', (_, text) => {
    const ids = tok.encode(text);
    expect(ids).not.toContain(tok.special.unk);
    expect(tok.decode(ids)).toBe(text);
  });

  it('splits into pieces that concatenate back to the text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        (s) =>
          pieces(s)
            .map((p) => p.piece)
            .join('') === s,
      ),
      { numRuns: 500 },
    );
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

  it('takes snake_case options: min_freq and max_words', async () => {
    expect(words.options.parse({})).toEqual({ min_freq: 1, max_words: 0 });
    expect(words.options.safeParse({ minFreq: 2 }).success).toBe(false);
    expect(words.options.safeParse({ min_freq: 0 }).success).toBe(false);
    const capped = await words.create(words.options.parse({ max_words: 3 }), { corpus });
    expect(capped.vocabSize).toBe(buildVocabulary(corpus, { minFreq: 1, maxWords: 3 }).length);
    const frequent = await words.create(words.options.parse({ min_freq: 2 }), { corpus });
    expect(frequent.vocabSize).toBe(buildVocabulary(corpus, { minFreq: 2, maxWords: 0 }).length);
    expect(frequent.vocabSize).toBeLessThan(tok.vocabSize);
  });

  it('refuses to encode characters outside the vocabulary, naming them and the text', () => {
    const encode = (text: string): unknown => {
      try {
        tok.encode(text);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const error = encode('the number of red cubes zzq∑ in the video?');
    expect(isUserError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^words tokenizer: text has 3 characters outside its vocabulary: "z" \(U\+007A\), "q" \(U\+0071\), "∑" \(U\+2211\)/);
    expect(message).toContain('found "…number of red cubes zzq∑ in the video?" (character 25 of 42)');
    expect(message).toMatch(/tokenizer: bytes/);
    expect(message).toMatch(/rebuild the vocabulary/);
    const long = `${'one two three '.repeat(10)}🎬${' two three one'.repeat(10)}`;
    const excerpt = (encode(long) as Error).message;
    expect(excerpt).toMatch(/outside its vocabulary: "🎬" \(U\+1F3AC\);/);
    expect(excerpt).toContain('found "…three one two three 🎬 two three one two t…" (character 141 of 281)');
    expect(excerpt).not.toMatch(/\uFFFD/);
    const many = (encode('DEGHJKLMN') as Error).message;
    expect(many).toMatch(/9 characters .*, and 4 more;/);
  });

  it('decodes unknown ids to <unk> and decodes specials', () => {
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
