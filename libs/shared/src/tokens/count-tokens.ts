type Encoding = typeof import('gpt-tokenizer/encoding/o200k_base');

let encoding: Encoding | undefined;

/**
 * The o200k tables take about 50 MB: loaded on first use, since the gateway counts tokens itself
 * only when an upstream reports no usage, and every app imports this library.
 */
function o200k(): Encoding {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, see above
  encoding ??= require('gpt-tokenizer/encoding/o200k_base') as Encoding;
  return encoding;
}

// User text may contain "<|endoftext|>" and friends: count it as plain text instead of throwing.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// OpenAI's chat format adds about 3 tokens per message and 3 to prime the reply.
// @see https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** Tokens of a text in o200k_base, the encoding of the gpt-4o family. */
export function countTextTokens(text: string): number {
  return text === '' ? 0 : o200k().countTokens(text, AS_PLAIN_TEXT);
}

/** The o200k_base token ids of a text (special-token text counts as plain text). */
export function textTokenIds(text: string): number[] {
  return text === '' ? [] : o200k().encode(text, AS_PLAIN_TEXT);
}

/**
 * Estimates the prompt tokens of an OpenAI chat or Anthropic messages request body, for the rare
 * request whose upstream reported no usage. Counts every string under `system`, `messages`,
 * `prompt`, `input` and `tools`, plus the chat format's per-message overhead.
 */
export function estimatePromptTokens(body: Record<string, unknown>): number {
  const texts = promptTexts(body);
  const messages = Array.isArray(body.messages) ? body.messages.length : 0;
  const overhead = messages > 0 ? messages * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY : 0;
  return texts.reduce((sum, text) => sum + countTextTokens(text), overhead);
}

/** Every string of a request's prompt (`system`, `messages`, `prompt`, `input`, `tools`); images and audio left out. */
export function promptTexts(body: Record<string, unknown>): string[] {
  const texts: string[] = [];
  for (const field of ['system', 'messages', 'prompt', 'input', 'tools']) collectStrings(body[field], texts);
  return texts;
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      // Images and audio are data, not text: their tokens cannot be counted from the bytes.
      if (key !== 'image_url' && key !== 'source' && key !== 'input_audio' && key !== 'type')
        collectStrings(item, into);
    }
  }
}
