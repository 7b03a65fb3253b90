import fc from 'fast-check';
import bytes, { createBytes } from '../../../plugins/tokenizer/bytes';
import tokenizers from '../../../plugins/tokenizer/index';

describe('bytes tokenizer', () => {
  const tok = createBytes(bytes.options.parse({}));

  it('round-trips any well-formed string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => tok.decode(tok.encode(s)) === s),
      { numRuns: 500 },
    );
  });

  it('round-trips strings mixing tags and text (property)', () => {
    const part = fc.oneof(fc.constantFrom('<think>', '</think>', '<answer>', '</answer>', '<', 'think>'), fc.string({ unit: 'grapheme', maxLength: 8 }));
    fc.assert(fc.property(fc.array(part, { maxLength: 10 }), (parts) => tok.decode(tok.encode(parts.join(''))) === parts.join('')));
  });

  it('encodes tags as single tokens and has pad and eos', () => {
    expect(tok.special).toMatchObject({ pad: 256, eos: 257, '<think>': 258, '</think>': 259, '<answer>': 260, '</answer>': 261 });
    expect(tok.vocabSize).toBe(262);
    expect(tok.encode('<think>é</think>')).toEqual([258, 0xc3, 0xa9, 259]);
  });

  it('skips pad and eos only when asked', () => {
    const ids = [...tok.encode('<answer>A</answer>'), 257, 256];
    expect(tok.decode(ids, { skipSpecial: true })).toBe('<answer>A</answer>');
    expect(tok.decode(ids)).toBe('<answer>A</answer><eos><pad>');
  });

  it('never throws on arbitrary ids (model output)', () => {
    expect(tok.decode([0xff, 0xc3, 999, -1, 65])).toBe('\uFFFD\uFFFD\uFFFD\uFFFDA');
  });

  it('without tags spells them as bytes', () => {
    const plain = createBytes({ tags: false });
    expect(plain.vocabSize).toBe(258);
    expect(plain.encode('<think>')).toHaveLength(7);
    expect(plain.special['<think>']).toBeUndefined();
  });

  it('restores from toJSON and rejects foreign state', async () => {
    const plugin = (await tokenizers.bytes()).default as typeof bytes;
    const restored = await plugin.create(plugin.options.parse({ tags: true }), {
      corpus: [],
      saved: JSON.parse(JSON.stringify(createBytes({ tags: false }).toJSON())),
    });
    expect(restored.vocabSize).toBe(258);
    expect(() => createBytes({ tags: true }, { saved: { type: 'words' } })).toThrow(/not a bytes tokenizer/);
  });
});
