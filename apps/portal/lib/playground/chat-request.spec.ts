import { describe, expect, it } from 'vitest';
import {
  buildChatRequestBody,
  defaultChatModel,
  parseNumberInput,
  settingsFieldOfParam,
  validateSettings,
} from './chat-request';

const settings = { model: 'demo-chat', systemPrompt: '', temperature: 0.7, maxTokens: 256 };

describe('buildChatRequestBody', () => {
  it('streams with usage, and leads with the system prompt only when there is one', () => {
    const turns = [{ role: 'user' as const, content: 'Hi' }];
    expect(buildChatRequestBody(settings, turns)).toEqual({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.7,
      max_tokens: 256,
      stream: true,
      stream_options: { include_usage: true },
    });
    const withSystem = buildChatRequestBody({ ...settings, systemPrompt: '  Be brief.  ' }, turns);
    expect(withSystem.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('keeps the whole conversation in order for the next turn', () => {
    const turns = [
      { role: 'user' as const, content: 'One' },
      { role: 'assistant' as const, content: 'Two' },
      { role: 'user' as const, content: 'Three' },
    ];
    expect(buildChatRequestBody(settings, turns).messages.map((message) => message.content)).toEqual([
      'One',
      'Two',
      'Three',
    ]);
  });
});

describe('validateSettings', () => {
  it('accepts sensible settings', () => {
    expect(validateSettings(settings)).toEqual({});
  });

  it('names each field that cannot be sent', () => {
    expect(validateSettings({ model: '', systemPrompt: '', temperature: 2.5, maxTokens: 1.5 })).toEqual({
      model: 'Pick a model.',
      temperature: 'Use 2 or less.',
      maxTokens: 'Enter a whole number of tokens.',
    });
    expect(validateSettings({ ...settings, temperature: Number.NaN, maxTokens: 0 })).toEqual({
      temperature: 'Enter a number from 0 to 2.',
      maxTokens: 'Use at least 1 token.',
    });
  });
});

describe('parseNumberInput', () => {
  it('reads numbers and turns an empty field into NaN, not 0', () => {
    expect(parseNumberInput('0.5')).toBe(0.5);
    expect(parseNumberInput(' ')).toBeNaN();
    expect(parseNumberInput('abc')).toBeNaN();
  });
});

describe('settingsFieldOfParam', () => {
  it('puts the gateway’s param errors on the fields the panel shows', () => {
    expect(settingsFieldOfParam('max_tokens')).toBe('maxTokens');
    expect(settingsFieldOfParam('max_completion_tokens')).toBe('maxTokens');
    expect(settingsFieldOfParam('temperature')).toBe('temperature');
    expect(settingsFieldOfParam('model')).toBe('model');
    expect(settingsFieldOfParam('messages')).toBeUndefined();
    expect(settingsFieldOfParam(undefined)).toBeUndefined();
  });
});

describe('defaultChatModel', () => {
  it('prefers a chat model over embeddings, else takes the first', () => {
    expect(defaultChatModel(['demo-embed', 'demo-chat'])).toBe('demo-chat');
    expect(defaultChatModel(['text-embedding-3-small'])).toBe('text-embedding-3-small');
    expect(defaultChatModel([])).toBe('');
  });
});
