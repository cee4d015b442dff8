import { describe, expect, it } from 'vitest';
import { collectPromptTexts, withReplacedTexts } from './prompt-texts';

describe('collectPromptTexts', () => {
  it('reads chat messages, text parts, tool results and tool-call arguments, skipping images', () => {
    const body = {
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'image_url', image_url: { url: 'data:…' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', function: { name: 'f', arguments: '{"a":1}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'result' },
      ],
    };
    expect(collectPromptTexts('chat/completions', body)).toEqual([
      { text: 'Be brief.', role: 'system', path: ['messages', 0, 'content'] },
      { text: 'Hi', role: 'user', path: ['messages', 1, 'content', 0, 'text'] },
      { text: '{"a":1}', role: 'assistant', path: ['messages', 2, 'tool_calls', 0, 'function', 'arguments'] },
      { text: 'result', role: 'tool', path: ['messages', 3, 'content'] },
    ]);
  });

  it('reads Anthropic system blocks, text blocks, tool results and tool-use inputs', () => {
    const body = {
      system: [{ type: 'text', text: 'Be kind.' }],
      messages: [
        { role: 'user', content: 'Hello' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't', name: 'f', input: { city: 'Paris', n: 2 } }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'Sunny' }] }],
        },
      ],
    };
    expect(collectPromptTexts('messages', body).map(({ text, role }) => [text, role])).toEqual([
      ['Be kind.', 'system'],
      ['Hello', 'user'],
      ['Paris', 'assistant'],
      ['Sunny', 'tool'],
    ]);
  });

  it('reads legacy prompts, embedding inputs, image prompts and Responses input, ignoring token arrays', () => {
    expect(collectPromptTexts('completions', { prompt: ['a', [1, 2]] }).map((text) => text.text)).toEqual([
      'a',
    ]);
    expect(collectPromptTexts('embeddings', { input: 'e' }).map((text) => text.text)).toEqual(['e']);
    expect(collectPromptTexts('images/generations', { prompt: 'cat' }).map((text) => text.text)).toEqual([
      'cat',
    ]);
    const responses = {
      instructions: 'sys',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'q' }] },
        { type: 'function_call_output', call_id: 'x', output: 'out' },
      ],
    };
    expect(collectPromptTexts('responses', responses).map(({ text, role }) => [text, role])).toEqual([
      ['sys', 'system'],
      ['q', 'user'],
      ['out', 'tool'],
    ]);
  });

  it('ignores fields of the wrong type instead of failing on an unvalidated body', () => {
    expect(
      collectPromptTexts('chat/completions', { messages: [null, 3, { role: 'user', content: 5 }] }),
    ).toEqual([]);
    expect(collectPromptTexts('messages', { messages: 'x' })).toEqual([]);
  });
});

describe('withReplacedTexts', () => {
  it('returns a copy with the texts replaced, leaving the client body as sent', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'a@b.co' }] }] };
    const copy = withReplacedTexts(body, [
      { path: ['messages', 0, 'content', 0, 'text'], text: '<EMAIL_1>' },
    ]);
    expect(copy).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: '<EMAIL_1>' }] }],
    });
    expect(body.messages[0]?.content[0]?.text).toBe('a@b.co');
  });
});
