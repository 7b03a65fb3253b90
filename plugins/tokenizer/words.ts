import { z } from 'zod';
import { definePlugin } from '../../core/registry/define';
import type { SpecialTokens, Tokenizer, TokenizerDeps } from '../../core/contracts/tokenizer';
import { UserError, describeValue } from '../../core/errors';
import { EOS_TEXT, PAD_TEXT, TAGS, TAG_SPLIT, UNK_TEXT } from './specials';

const WordsOptions = z.strictObject({
  /** Keep a word only if it occurs at least this often in the corpus (rarer words fall back to characters). */
  minFreq: z.number().int().min(1).default(1),
  /** Cap on the number of word tokens (most frequent first); 0 = no cap. Characters are always kept. */
  maxWords: z.number().int().min(0).default(0),
});
type WordsOptions = z.infer<typeof WordsOptions>;

const Saved = z.object({ type: z.literal('words'), version: z.literal(1), tokens: z.array(z.string()).min(3) });

/**
 * Pre-tokenisation (GPT-2 style): a word, number or punctuation mark carries at most one leading
 * space; other whitespace runs are tokens of their own (the last space of a run before a word
 * joins the word). The alternatives cover every code point, so concatenating the pieces gives the
 * text back exactly.
 */
const PIECE = / ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]|\s+(?!\S)|\s+|[\s\S]/gsu;

/** Ids 0-6 are fixed: pad, eos, unk, then the four format tags (reference §4). */
const SPECIALS = [PAD_TEXT, EOS_TEXT, UNK_TEXT, ...TAGS];

/** Split a text into tags and pieces; tags are flagged so that `<think>` in text is always one token. */
export function pieces(text: string): { piece: string; tag: boolean }[] {
  const out: { piece: string; tag: boolean }[] = [];
  text.split(TAG_SPLIT).forEach((part, i) => {
    if (i % 2 === 1) out.push({ piece: part, tag: true });
    else for (const m of part.matchAll(PIECE)) out.push({ piece: m[0], tag: false });
  });
  return out;
}

/**
 * Word-level tokenizer whose vocabulary is built from the corpus: specials, every character seen
 * (sorted by code point), then words by frequency (ties by code-unit order), so the same corpus
 * always gives the same ids. A word outside the vocabulary is spelled with character tokens; a
 * character outside it becomes `<unk>`. Every corpus text round-trips exactly.
 */
export class WordsTokenizer implements Tokenizer {
  readonly name = 'words';
  readonly vocabSize: number;
  readonly special: SpecialTokens;
  private readonly ids: Map<string, number>;

  constructor(private readonly tokens: readonly string[]) {
    this.vocabSize = tokens.length;
    this.ids = new Map(tokens.map((t, i) => [t, i]));
    this.special = { pad: 0, eos: 1, unk: 2 };
    TAGS.forEach((t, i) => (this.special[t] = 3 + i));
  }

  encode(text: string): number[] {
    const out: number[] = [];
    for (const { piece, tag } of pieces(text)) {
      const id = tag ? this.special[piece] : this.ids.get(piece);
      if (id !== undefined) out.push(id);
      else for (const ch of piece) out.push(this.ids.get(ch) ?? this.special.unk);
    }
    return out;
  }

  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string {
    let out = '';
    for (const id of ids) {
      if (options.skipSpecial && (id === this.special.pad || id === this.special.eos)) continue;
      out += this.tokens[id] ?? UNK_TEXT;
    }
    return out;
  }

  toJSON(): z.infer<typeof Saved> {
    return { type: 'words', version: 1, tokens: [...this.tokens] };
  }
}

/** Build the vocabulary list (index = id) from corpus texts. */
export function buildVocabulary(corpus: readonly string[], options: WordsOptions): string[] {
  const counts = new Map<string, number>();
  const chars = new Set<string>();
  for (const text of corpus) {
    for (const { piece, tag } of pieces(text)) {
      if (tag) continue;
      for (const ch of piece) chars.add(ch);
      counts.set(piece, (counts.get(piece) ?? 0) + 1);
    }
  }
  const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const charList = [...chars].filter((c) => !SPECIALS.includes(c)).sort(byCodePoint);
  const taken = new Set([...SPECIALS, ...charList]);
  let words = [...counts.entries()]
    .filter(([w, n]) => n >= options.minFreq && !taken.has(w))
    .sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))
    .map(([w]) => w);
  if (options.maxWords > 0) words = words.slice(0, options.maxWords);
  return [...SPECIALS, ...charList, ...words];
}

export function createWords(options: WordsOptions, deps: TokenizerDeps): WordsTokenizer {
  if (deps.saved === undefined) return new WordsTokenizer(buildVocabulary(deps.corpus, options));
  const parsed = Saved.safeParse(deps.saved);
  if (!parsed.success || parsed.data.tokens.slice(0, SPECIALS.length).join('\n') !== SPECIALS.join('\n')) {
    throw new UserError('saved tokenizer state is not a words tokenizer', {
      expected: `{ type: "words", version: 1, tokens: [${SPECIALS.join(', ')}, ...] }`,
      found: describeValue(deps.saved),
    });
  }
  return new WordsTokenizer(parsed.data.tokens);
}

export default definePlugin({
  kind: 'tokenizer',
  name: 'words',
  description: 'Split text into words, numbers and punctuation with a vocabulary built from the corpus',
  options: WordsOptions,
  reference: 'reference/video-r1.md §2.1 (decode with special tokens skipped), §4 (format tags)',
  create: (options: WordsOptions, deps: TokenizerDeps) => createWords(options, deps),
});
