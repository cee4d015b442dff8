import { encode, encodeChat } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countAnthropicInput, countOpenAiChatPrompt, countPlainInput } from './usage.js';

const messages = [
  { role: 'system', content: 'You are a terse assistant.' },
  { role: 'user', content: 'What is the capital of France?' },
  { role: 'assistant', content: 'Paris.' },
  { role: 'user', content: 'And of Germany?' },
] as const;

describe('countOpenAiChatPrompt', () => {
  it("matches gpt-tokenizer's chat encoding for gpt-4o", () => {
    expect(countOpenAiChatPrompt({ model: 'gpt-4o', messages })).toBe(encodeChat(messages, 'gpt-4o').length);
  });

  it('is the cookbook formula: 3 per message + role + content (+ name + 1), + 3 for the reply', () => {
    const named = [...messages, { role: 'user', name: 'alice', content: 'hi' }];
    const expected =
      named.reduce(
        (sum, m) =>
          sum +
          3 +
          encode(m.role).length +
          encode(m.content).length +
          ('name' in m ? encode(m.name).length + 1 : 0),
        0,
      ) + 3;
    expect(countOpenAiChatPrompt({ messages: named })).toBe(expected);
  });

  it('counts text parts, special-token text as plain text, and tool definitions', () => {
    const parts = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hello' },
          { type: 'image_url', image_url: { url: 'x' } },
        ],
      },
    ];
    expect(countOpenAiChatPrompt({ messages: parts })).toBe(
      countOpenAiChatPrompt({ messages: [{ role: 'user', content: 'hello' }] }),
    );
    expect(countOpenAiChatPrompt({ messages: [{ role: 'user', content: '<|endoftext|>' }] })).toBeGreaterThan(
      7,
    );
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    expect(countOpenAiChatPrompt({ messages, tools })).toBeGreaterThan(
      countOpenAiChatPrompt({ messages }) + 9,
    );
  });
});

describe('countAnthropicInput', () => {
  it('is the o200k count of the system prompt plus every message text', () => {
    const body = {
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Hello there' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hi!' }] },
      ],
    };
    expect(countAnthropicInput(body)).toBe(
      encode('Be brief.').length + encode('Hello there').length + encode('Hi!').length,
    );
  });
});

describe('countPlainInput', () => {
  it('tokenizes strings and counts token arrays element by element', () => {
    expect(countPlainInput('hello world')).toBe(2);
    expect(countPlainInput(['hello', 'world wide'])).toBe(3);
    expect(countPlainInput([1, 2, 3])).toBe(3);
    expect(countPlainInput([[1, 2], [3]])).toBe(3);
  });
});
