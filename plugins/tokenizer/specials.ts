/**
 * Special tokens shared by the tokenizers. The four tags of the required output format
 * (docs/released-code.md §4, "Required output format") are single tokens, so a tiny policy can
 * emit `<think>…</think><answer>…</answer>` without spelling the tags out character by character.
 */
export const TAGS = ['<think>', '</think>', '<answer>', '</answer>'] as const;

/** Text printed for pad / eos / unk when decoding without `skipSpecial`. */
export const PAD_TEXT = '<pad>';
export const EOS_TEXT = '<eos>';
export const UNK_TEXT = '<unk>';

/** Splits a text around the tag strings: odd indexes of the result are tags. */
export const TAG_SPLIT = new RegExp(`(${TAGS.map(escapeRegExp).join('|')})`, 'u');

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
