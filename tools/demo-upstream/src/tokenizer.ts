// Text tokenization with gpt-tokenizer's o200k_base, the encoding of the gpt-4o family.
import { countTokens, decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

// User text may contain "<|endoftext|>" and friends; count it as plain text (tiktoken's
// disallowed_special=()) instead of throwing, as OpenAI does for message content.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countTextTokens(text: string): number {
  return text === '' ? 0 : countTokens(text, AS_PLAIN_TEXT);
}

/** The o200k token ids of text (e.g. a transcript segment's `tokens`). */
export function textTokenIds(text: string): number[] {
  return encode(text, AS_PLAIN_TEXT);
}

/**
 * Splits text into the strings of its o200k tokens. Only used on ASCII text: a token of a
 * multi-byte character can be half a character and would not decode on its own.
 */
export function tokenPieces(text: string): string[] {
  return encode(text, AS_PLAIN_TEXT).map((token) => decode([token]));
}
