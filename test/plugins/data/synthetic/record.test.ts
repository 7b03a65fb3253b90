import { z } from 'zod';
import { MODALITIES, PROBLEM_TYPES, type Sample } from '../../../../core/contracts/sample';
import { UserError } from '../../../../core/errors';
import synthetic, { SyntheticOptions } from '../../../../plugins/data/synthetic';
import { FONT, SYMBOL_GLYPHS } from '../../../../plugins/data/synthetic/font';
import { FAMILIES } from '../../../../plugins/data/synthetic/types';
import { textWords, worldVocabulary } from '../../../../plugins/data/synthetic/vocab';
import { DEFAULT_FAMILY_WEIGHTS } from '../../../../plugins/data/synthetic/world';
import { createWords, pieces } from '../../../../plugins/tokenizer/words';
import { SPEC, recordOf, source } from './helpers';

/** Video-R1's record schema (docs/released-code.md §5.1-5.2), with the synthetic world's path. */
const Record = z
  .strictObject({
    problem_id: z.union([z.number().int(), z.string()]),
    problem: z.string().min(1),
    data_type: z.enum(MODALITIES),
    problem_type: z.enum(PROBLEM_TYPES),
    options: z.array(z.string().regex(/^[A-D]\. \S/)),
    solution: z.string().regex(/^<answer>[^<>]+<\/answer>$/),
    path: z.string().regex(/^\.\/synthetic\/[a-z/]+\/\d{7}\.(mp4|png)$/),
    data_source: z.string().regex(/^(synthetic|bench)\/[a-z]+$/),
    process: z
      .string()
      .regex(/^<think>[^<>]+<\/think>$/)
      .optional(),
  })
  .refine((r) => (r.problem_type === 'multiple choice') === r.options.length > 0, 'options only for multiple choice')
  .refine((r) => r.problem_type !== 'multiple choice' || r.options.some((o) => r.solution === `<answer>${o[0]}</answer>`), 'answer is an option letter')
  .refine((r) => (r.data_type === 'video') === r.path.endsWith('.mp4'), 'videos are .mp4, images .png');

async function allSplits(options: Partial<SyntheticOptions> = {}): Promise<Sample[]> {
  const src = source({ rl_samples: 300, sft_samples: 200, eval_samples: 20, ...options });
  return [...(await src.load('rl', SPEC)).samples, ...(await src.load('sft', SPEC)).samples, ...(await src.load('eval', SPEC)).samples];
}

describe('records', () => {
  it('validate against the Video-R1 schema in every split', async () => {
    const samples = await allSplits();
    for (const s of samples) expect(Record.safeParse(recordOf(s)).error).toBeUndefined();
    expect(new Set(samples.map((s) => s.problem_type))).toEqual(new Set(PROBLEM_TYPES));
    expect(new Set(samples.map((s) => s.category))).toEqual(new Set(FAMILIES));
  });

  it('carry frames of the spec: T x H x W x C floats in [0, 1], T = 1 for images', async () => {
    for (const s of await allSplits()) {
      const { t, h, w, c, data } = s.frames;
      expect([t, h, w, c]).toEqual([s.data_type === 'video' ? SPEC.frames : 1, SPEC.height, SPEC.width, SPEC.channels]);
      expect(data).toBeInstanceOf(Float32Array);
      expect(data.length).toBe(t * h * w * c);
      expect(data.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('are identical for the same seed: byte-identical JSON and equal frames', async () => {
    const [a, b] = [await allSplits({ seed: 7 }), await allSplits({ seed: 7 })];
    expect(JSON.stringify(a.map(recordOf))).toBe(JSON.stringify(b.map(recordOf)));
    a.forEach((s, i) => expect(Buffer.compare(Buffer.from(s.frames.data.buffer), Buffer.from(b[i].frames.data.buffer))).toBe(0));
  });

  it('differ for different seeds', async () => {
    const [a, b] = [await allSplits({ seed: 7 }), await allSplits({ seed: 8 })];
    const differ = a.filter((s, i) => !b[i] || JSON.stringify(recordOf(s)) !== JSON.stringify(recordOf(b[i])));
    expect(differ.length).toBeGreaterThan(a.length / 2);
  });

  it('use only the closed vocabulary, which stays small', async () => {
    const vocab = new Set(worldVocabulary());
    const words = new Set((await allSplits()).flatMap((s) => [s.problem, ...s.options, s.solution, s.process ?? ''].flatMap(textWords)));
    expect([...words].filter((w) => !vocab.has(w))).toEqual([]);
    expect(vocab.size).toBeLessThan(300);
    expect(textWords('<think>frame 3: red.</think><answer>A</answer>')).toEqual(['frame', '3', ':', 'red', '.', 'A']);
  });

  it('are covered by corpus(): a words tokenizer built from it has one token per word piece', async () => {
    const src = source({ rl_samples: 300, sft_samples: 200, eval_samples: 20 });
    const tokenizer = createWords({ minFreq: 1, maxWords: 0 }, { corpus: src.corpus(SPEC) });
    const texts = (await allSplits()).flatMap((s) => [s.problem, ...s.options, s.solution, s.process ?? '']);
    const split = texts.flatMap((t) => pieces(t)).filter((p) => !p.tag && p.piece.trim() !== '');
    expect(split.filter((p) => tokenizer.encode(p.piece).length !== 1).map((p) => p.piece)).toEqual([]);
  });

  it('render every glyph of the font and the pictograms distinctly', () => {
    const shapes = [...Object.values(FONT), ...Object.values(SYMBOL_GLYPHS)].map((g) => g.rows.join('/'));
    expect(new Set(shapes).size).toBe(shapes.length);
  });

  it('render luminance when the spec asks for one channel', async () => {
    const [s] = (await source({ rl_samples: 1 }).load('rl', { ...SPEC, channels: 1 })).samples;
    expect(s.frames.c).toBe(1);
    expect(Math.max(...s.frames.data)).toBeGreaterThan(0);
  });
});

describe('options and frame specs', () => {
  it('parse defaults, documented in the schema', () => {
    const o = SyntheticOptions.parse({});
    expect(o).toMatchObject({
      seed: 0,
      rl_samples: 1000,
      sft_samples: 500,
      eval_samples: 50,
      shortcut_rate: 0.3,
      eval_shortcut_rate: 0,
      teacher_error_rate: 0.35,
    });
    expect(o.family_weights).toEqual(DEFAULT_FAMILY_WEIGHTS);
    expect(SyntheticOptions.parse({ family_weights: { math: 0 } }).family_weights).toEqual({ ...DEFAULT_FAMILY_WEIGHTS, math: 0 });
    expect(SyntheticOptions.safeParse({ shortcut_rate: 2 }).success).toBe(false);
    expect(SyntheticOptions.safeParse({ family_weights: { movies: 1 } }).success).toBe(false);
  });

  it('is a data plugin named synthetic that creates a task source', async () => {
    expect(synthetic).toMatchObject({ kind: 'data', name: 'synthetic' });
    const src = await synthetic.create(SyntheticOptions.parse({ rl_samples: 3 }), undefined);
    expect(src.name).toBe('synthetic');
    expect((await src.load('rl', SPEC)).samples).toHaveLength(3);
  });

  it('weights pick families: a zero weight drops one', async () => {
    const { stats } = await source({ rl_samples: 400, family_weights: { ...DEFAULT_FAMILY_WEIGHTS, math: 0, direction: 0 } }).load('rl', SPEC);
    expect(stats.by_family.math).toBeUndefined();
    expect(stats.by_family.direction).toBeUndefined();
    expect(Object.keys(stats.by_family)).toHaveLength(FAMILIES.length - 2);
  });

  it.each([
    { why: 'too few frames to see every tick', spec: { ...SPEC, frames: 4 }, where: 'frames' },
    { why: 'too small for the 3x5 font', spec: { ...SPEC, width: 16 }, where: 'width' },
    { why: 'two channels', spec: { ...SPEC, channels: 2 }, where: 'channels' },
  ])('rejects a frame spec with $why as bad input', async ({ spec, where }) => {
    const err = await source({ rl_samples: 1 })
      .load('rl', spec)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain(where);
  });
});
