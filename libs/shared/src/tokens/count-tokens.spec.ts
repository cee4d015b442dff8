import { encodeChat } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countTextTokens, estimatePromptTokens } from './count-tokens';

describe('token counting', () => {
  it('counts text with o200k_base and treats special tokens as text', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('Hello world')).toBe(2);
    expect(countTextTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('matches the chat format count for plain OpenAI messages', () => {
    const messages = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'What is the capital of France?' },
    ] as const;
    expect(estimatePromptTokens({ messages: [...messages] })).toBe(
      encodeChat([...messages], 'gpt-4o').length,
    );
  });

  it('counts Anthropic system prompts and text blocks, not image data', () => {
    const withImage = estimatePromptTokens({
      system: 'Be brief.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(5000) } },
          ],
        },
      ],
    });
    // System text, the role, the text block, one message of overhead and the reply priming.
    const expected =
      countTextTokens('Be brief.') + countTextTokens('user') + countTextTokens('Describe this') + 3 + 3;
    expect(withImage).toBe(expected);
  });
});
