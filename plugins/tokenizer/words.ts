import { z } from 'zod';
import { definePlugin } from '../../core/registry/define';
import type { SpecialTokens, Tokenizer, TokenizerDeps } from '../../core/contracts/tokenizer';
import { UserError, describeValue } from '../../core/errors';
import { EOS_TEXT, PAD_TEXT, TAGS, TAG_SPLIT, UNK_TEXT } from './specials';

const WordsOptions = z.strictObject({
  /** Keep a word only if it occurs at least this often in the corpus (rarer words fall back to characters). */
  min_freq: z.number().int().min(1).default(1),
  /** Cap on the number of word tokens (most frequent first); 0 = no cap. Characters are always kept. */
  max_words: z.number().int().min(0).default(0),
});
type WordsOptions = z.infer<typeof WordsOptions>;

/** How buildVocabulary filters words (the plugin's `min_freq` and `max_words`). */
export interface VocabularyOptions {
  minFreq: number;
  maxWords: number;
}

const Saved = z.object({ type: z.literal('words'), version: z.literal(1), tokens: z.array(z.string()).min(3) });

/**
 * Pre-tokenisation (GPT-2 style): a word, number or punctuation mark carries at most one leading
 * space; other whitespace runs are tokens of their own (the last space of a run before a word
 * joins the word). The alternatives cover every code point, so concatenating the pieces gives the
 * text back exactly.
 */
const PIECE = / ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]|\s+(?!\S)|\s+|[\s\S]/gsu;

/** Ids 0-6 are fixed: pad, eos, unk, then the four format tags (docs/released-code.md §4). */
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
 * character outside it makes `encode` throw a UserError (no silent `<unk>`: it can only happen
 * with a restored tokenizer on new text). Every corpus text round-trips exactly. `decode` maps
 * ids outside the vocabulary to `<unk>`, as model output must always decode.
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

  /** Token ids of `text`; throws a UserError naming any character outside the vocabulary. */
  encode(text: string): number[] {
    const out: number[] = [];
    const unknown = new Set<string>();
    let pos = 0; // code points before the current one
    let first = -1; // code-point index of the first unknown character
    for (const { piece, tag } of pieces(text)) {
      const id = tag ? this.special[piece] : this.ids.get(piece);
      if (id !== undefined) out.push(id);
      for (const ch of piece) {
        if (id === undefined) {
          const c = this.ids.get(ch);
          if (c !== undefined) out.push(c);
          else {
            unknown.add(ch);
            if (first < 0) first = pos;
          }
        }
        pos++;
      }
    }
    if (unknown.size > 0) throw unknownCharacters(text, [...unknown], first);
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

/** `"∑" (U+2211)`: a character as JSON plus its code point, readable even for controls. */
function describeChar(ch: string): string {
  return `${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** The error for text with characters the vocabulary lacks, with an excerpt around the first. */
function unknownCharacters(text: string, chars: string[], first: number): UserError {
  const named = chars.slice(0, 5).map(describeChar).join(', ') + (chars.length > 5 ? `, and ${chars.length - 5} more` : '');
  const cps = [...text];
  const from = Math.max(0, first - 20);
  const to = Math.min(cps.length, first + 21);
  const excerpt = `${from > 0 ? '…' : ''}${cps.slice(from, to).join('')}${to < cps.length ? '…' : ''}`;
  return new UserError(`words tokenizer: text has ${chars.length === 1 ? 'a character' : `${chars.length} characters`} outside its vocabulary: ${named}`, {
    expected:
      "only characters of the vocabulary, which is built from the run's corpus (a restored tokenizer keeps its own); " +
      'use `tokenizer: bytes` (any UTF-8 text), or rebuild the vocabulary from a corpus that includes this text',
    found: `${JSON.stringify(excerpt)} (character ${first + 1} of ${cps.length})`,
  });
}

/** Build the vocabulary list (index = id) from corpus texts. */
export function buildVocabulary(corpus: readonly string[], options: VocabularyOptions): string[] {
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

export function createWords(options: VocabularyOptions, deps: TokenizerDeps): WordsTokenizer {
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
  reference: 'docs/released-code.md §2.1 (decode with special tokens skipped), §4 (format tags)',
  create: (o: WordsOptions, deps: TokenizerDeps) => createWords({ minFreq: o.min_freq, maxWords: o.max_words }, deps),
});
