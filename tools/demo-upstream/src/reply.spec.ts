import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { digestPieces, replyPieces, replyText, type ReplySeed } from './reply.js';

const seeds: ReplySeed[] = [
  { userText: 'Tell me about the weather in Paris today, please', promptKey: 'a' },
  { userText: "Don't panic: it's 12345 o'clock in iPhone-land!", promptKey: 'b' },
  { userText: 'antidisestablishmentarianism pneumonoultramicroscopic xyzzyq ZZZZZZ', promptKey: 'c' },
  { userText: 'Grüße aus Köln 東京 <|endoftext|> ok', promptKey: 'd' },
  { userText: '', promptKey: 'e' },
  { userText: '!!! ??? ...', promptKey: 'f' },
];

describe('replyPieces', () => {
  it('is exactly n pieces of one o200k token each, and the tokenizer agrees on every prefix', () => {
    for (const seed of seeds) {
      for (let n = 0; n <= 90; n++) {
        const pieces = replyPieces(seed, n);
        expect(pieces).toHaveLength(n);
        expect(encode(pieces.join(''))).toHaveLength(n);
        for (const piece of pieces) {
          const tokens = encode(piece);
          expect(tokens).toHaveLength(1);
          expect(decode(tokens)).toBe(piece);
        }
      }
    }
  });

  it('echoes the first words of the user message', () => {
    expect(replyText(seeds[0] as ReplySeed, 13)).toBe(
      'You said: Tell me about the weather in Paris today please.',
    );
    expect(
      replyText({ userText: 'one two three four five six seven eight nine ten eleven', promptKey: 'x' }, 14),
    ).toBe('You said: one two three four five six seven eight nine ten.');
    expect(replyText({ userText: "don't stop", promptKey: 'x' }, 5)).toBe("You said: don't stop");
  });

  it('skips the echo when there are no ASCII words to echo', () => {
    expect(digestPieces('東京 !!!')).toEqual([]);
    expect(replyText({ userText: '', promptKey: 'x' }, 3)).not.toMatch(/^You said/);
    expect(replyText({ userText: '', promptKey: 'x' }, 3)).not.toMatch(/^\s/);
  });

  it('is deterministic for a prompt and differs between prompts', () => {
    const a = { userText: 'hello', promptKey: 'conversation one' };
    const b = { userText: 'hello', promptKey: 'conversation two' };
    expect(replyText(a, 40)).toBe(replyText({ ...a }, 40));
    const texts = new Set(
      ['k1', 'k2', 'k3', 'k4', 'k5'].map((promptKey) => replyText({ ...b, promptKey }, 40)),
    );
    expect(texts.size).toBeGreaterThan(1);
    expect(replyText({ userText: 'hello', promptKey: 'k' }, 40)).not.toBe(
      replyText({ userText: 'goodbye', promptKey: 'k' }, 40),
    );
  });

  it('keeps a long reply readable by cycling sentences', () => {
    const text = replyText({ userText: 'hi', promptKey: 'k' }, 200);
    expect(text).toMatch(/^You said: hi\. [A-Z]/);
    expect(text).not.toMatch(/\s{2}/);
  });
});
