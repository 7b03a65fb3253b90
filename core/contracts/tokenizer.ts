/** Special tokens every tokenizer provides. */
export interface SpecialTokens {
  pad: number;
  eos: number;
  /** `<think>`, `</think>`, `<answer>`, `</answer>` when the tokenizer has them as single tokens. */
  [name: string]: number;
}

/**
 * Text <-> token ids (docs/design.md §3). `decode(encode(s))` round-trips every string the tokenizer
 * supports (`words`: texts of its vocabulary; `bytes`: any UTF-8 text).
 */
export interface Tokenizer {
  readonly name: string;
  readonly vocabSize: number;
  readonly special: SpecialTokens;
  encode(text: string): number[];
  /** Decode ids; stops at nothing, skips pad and eos when `skipSpecial` (docs/released-code.md §2.1). */
  decode(ids: readonly number[], options?: { skipSpecial?: boolean }): string;
  /** JSON-serialisable state, saved with checkpoints. */
  toJSON(): unknown;
}

/** What a tokenizer plugin's `create` receives: texts to build a vocabulary from. */
export interface TokenizerDeps {
  corpus: readonly string[];
  /** A saved tokenizer state to restore instead of building one. */
  saved?: unknown;
}
