import { z } from 'zod';
import { definePlugin } from '../../core/registry/define';
import type { SpecialTokens, Tokenizer, TokenizerDeps } from '../../core/contracts/tokenizer';
import { UserError, describeValue } from '../../core/errors';
import { EOS_TEXT, PAD_TEXT, TAGS, TAG_SPLIT } from './specials';

const BytesOptions = z.strictObject({
  /** Encode `<think>`, `</think>`, `<answer>`, `</answer>` as single tokens (ids 258-261). */
  tags: z.boolean().default(true),
});
type BytesOptions = z.infer<typeof BytesOptions>;

const Saved = z.object({ type: z.literal('bytes'), version: z.literal(1), tags: z.boolean() });

const PAD = 256;
const EOS = 257;
const FIRST_TAG = 258;

/**
 * UTF-8 bytes as ids 0-255, then pad 256, eos 257 and (option `tags`) the four format tags.
 * Round-trips any well-formed string; decoding arbitrary ids never throws (invalid UTF-8
 * becomes U+FFFD, as `skip_special_tokens` decoding of model output must not fail, docs/released-code.md §2.1).
 */
export class BytesTokenizer implements Tokenizer {
  readonly name = 'bytes';
  readonly vocabSize: number;
  readonly special: SpecialTokens;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly tags: boolean) {
    this.vocabSize = FIRST_TAG + (tags ? TAGS.length : 0);
    this.special = { pad: PAD, eos: EOS };
    if (tags) TAGS.forEach((t, i) => (this.special[t] = FIRST_TAG + i));
  }

  encode(text: string): number[] {
    const parts = this.tags ? text.split(TAG_SPLIT) : [text];
    const ids: number[] = [];
    parts.forEach((part, i) => {
      if (i % 2 === 1) ids.push(this.special[part]);
      else for (const b of this.encoder.encode(part)) ids.push(b);
    });
    return ids;
  }

  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string {
    let out = '';
    let run: number[] = [];
    const flush = (): void => {
      if (run.length) out += this.decoder.decode(Uint8Array.from(run));
      run = [];
    };
    for (const id of ids) {
      if (id >= 0 && id < 256) {
        run.push(id);
        continue;
      }
      flush();
      if (id === PAD) out += options.skipSpecial ? '' : PAD_TEXT;
      else if (id === EOS) out += options.skipSpecial ? '' : EOS_TEXT;
      else if (this.tags && id >= FIRST_TAG && id < this.vocabSize) out += TAGS[id - FIRST_TAG];
      else out += '\uFFFD';
    }
    flush();
    return out;
  }

  toJSON(): z.infer<typeof Saved> {
    return { type: 'bytes', version: 1, tags: this.tags };
  }
}

export function createBytes(options: BytesOptions, deps: Pick<TokenizerDeps, 'saved'> = {}): BytesTokenizer {
  if (deps.saved === undefined) return new BytesTokenizer(options.tags);
  const parsed = Saved.safeParse(deps.saved);
  if (!parsed.success) {
    throw new UserError('saved tokenizer state is not a bytes tokenizer', {
      expected: '{ type: "bytes", version: 1, tags }',
      found: describeValue(deps.saved),
    });
  }
  return new BytesTokenizer(parsed.data.tags);
}

export default definePlugin({
  kind: 'tokenizer',
  name: 'bytes',
  description: 'Encode text as UTF-8 bytes plus pad, eos and the format tags',
  options: BytesOptions,
  reference: 'docs/released-code.md §2.1 (decode with special tokens skipped), §4 (format tags)',
  create: (options: BytesOptions, deps: TokenizerDeps) => createBytes(options, deps),
});
