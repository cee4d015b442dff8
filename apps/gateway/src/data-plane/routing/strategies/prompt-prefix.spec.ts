import { describe, expect, it } from 'vitest';
import { promptPrefixKey } from './prompt-prefix';

const SYSTEM = 'You are the support assistant of Acme. '.repeat(20);

describe('promptPrefixKey', () => {
  it('keys a chat by its system prompt and earlier turns, not by the new turn', () => {
    const ask = (question: string) =>
      promptPrefixKey(
        {
          messages: [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: question },
          ],
        },
        2048,
      );
    expect(ask('Where is my order?')).toBe(ask('How do I reset my password?'));
    const other = promptPrefixKey(
      {
        messages: [
          { role: 'system', content: `${SYSTEM} v2` },
          { role: 'user', content: 'Hi' },
        ],
      },
      2048,
    );
    expect(other).not.toBe(ask('Hi'));
  });

  it('gives the same key to the same conversation in the OpenAI and Anthropic formats', () => {
    const openai = promptPrefixKey(
      {
        messages: [
          { role: 'developer', content: [{ type: 'text', text: SYSTEM }] },
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Hi!' },
          { role: 'user', content: 'More' },
        ],
      },
      4096,
    );
    const anthropic = promptPrefixKey(
      {
        system: [{ type: 'text', text: SYSTEM }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
          { role: 'assistant', content: 'Hi!' },
          { role: 'user', content: 'Something else' },
        ],
      },
      4096,
    );
    expect(anthropic).toBe(openai);
  });

  it('counts only the first prefixChars characters', () => {
    const withTail = (tail: string) =>
      promptPrefixKey(
        {
          messages: [
            { role: 'system', content: SYSTEM + tail },
            { role: 'user', content: 'q' },
          ],
        },
        100,
      );
    expect(withTail('one')).toBe(withTail('two'));
    const whole = (tail: string) =>
      promptPrefixKey(
        {
          messages: [
            { role: 'system', content: SYSTEM + tail },
            { role: 'user', content: 'q' },
          ],
        },
        5000,
      );
    expect(whole('one')).not.toBe(whole('two'));
  });

  it('keys a single-message prompt and a completions prompt by their start', () => {
    const single = (text: string) => promptPrefixKey({ messages: [{ role: 'user', content: text }] }, 64);
    expect(single(`${SYSTEM}a`)).toBe(single(`${SYSTEM}b`));
    expect(single('short a')).not.toBe(single('short b'));
    expect(promptPrefixKey({ prompt: `${SYSTEM}x` }, 64)).toBe(promptPrefixKey({ prompt: `${SYSTEM}y` }, 64));
  });
});
