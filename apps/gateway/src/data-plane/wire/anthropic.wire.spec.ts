import { describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import type { CanonicalChatResponse } from '@llmguard/shared';
import { thrownBy } from '../providers/__fixtures__/load-fixture';
import { anthropicWire } from './anthropic.wire';

const minimal = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] };

describe('anthropicWire.toCanonical', () => {
  it('reads system, content blocks, tools and sampling', () => {
    const request = anthropicWire.toCanonical({
      model: 'claude-sonnet-4-5',
      max_tokens: 512,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather here?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'The user wants…', signature: 'sig' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { location: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01B',
              content: [{ type: 'text', text: 'failed' }],
              is_error: true,
            },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
      tools: [
        { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['###'],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stream: true,
      metadata: { user_id: 'user-7' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      output_config: { effort: 'low', format: { type: 'json_schema', schema: { type: 'object' } } },
    });
    expect(request).toEqual({
      model: 'claude-sonnet-4-5',
      stream: true,
      maxOutputTokens: 512,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather here?' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'toolu_01A', name: 'get_weather', arguments: '{"location":"Paris"}' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_01A', content: [{ type: 'text', text: '18°C' }] },
            {
              type: 'tool-result',
              toolCallId: 'toolu_01B',
              content: [{ type: 'text', text: 'failed' }],
              isError: true,
            },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      ],
      tools: [
        { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: 'required',
      parallelToolCalls: false,
      stopSequences: ['###'],
      temperature: 0.5,
      topP: 0.9,
      topK: 40,
      endUser: 'user-7',
      responseFormat: { type: 'json-schema', name: 'response', schema: { type: 'object' } },
      providerOptions: {
        anthropic: { thinking: { type: 'enabled', budget_tokens: 2048 }, output_config: { effort: 'low' } },
      },
    });
  });

  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'none' }, 'none'],
    [{ type: 'tool', name: 'f' }, { name: 'f' }],
  ] as const)('maps tool_choice %j', (choice, expected) => {
    expect(anthropicWire.toCanonical({ ...minimal, tool_choice: choice }).toolChoice).toEqual(expected);
  });

  it('reads a string system prompt and string content', () => {
    expect(anthropicWire.toCanonical({ ...minimal, system: 'Be brief.' }).messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
  });
});

describe('anthropicWire.toCanonical validation', () => {
  it('names max_tokens when it is missing, since Anthropic requires it', () => {
    const { max_tokens: _omitted, ...body } = minimal;
    const error = thrownBy(() => anthropicWire.toCanonical(body));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param: 'max_tokens' });
    expect(error.publicMessage).toBe("Missing required parameter: 'max_tokens'.");
  });

  it.each([
    [{ ...minimal, max_tokens: 0 }, 'max_tokens'],
    [
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] },
      'messages[0].content[0].type',
    ],
    [
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'tool_result' }] }] },
      'messages[0].content[0].tool_use_id',
    ],
    [{ ...minimal, temperature: 1.5 }, 'temperature'],
    [{ ...minimal, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools[0].type'],
    [{ ...minimal, tool_choice: { type: 'tool' } }, 'tool_choice.name'],
  ])('names the offending field (%#)', (body, param) => {
    expect(thrownBy(() => anthropicWire.toCanonical(body))).toMatchObject({ code: 'invalid_request', param });
  });
});

describe('anthropicWire.renderResponse', () => {
  const response: CanonicalChatResponse = {
    id: 'chatcmpl-BzJ5aT3wVbK9qRe6Zp2xNc8uLm4d',
    model: 'gpt-4.1-mini-2025-04-14',
    content: [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool-call', id: 'call_Qk2W', name: 'get_weather', arguments: '{"location":"Paris"}' },
      { type: 'tool-call', id: 'call_cut', name: 'get_time', arguments: '{"timez' },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 1310, outputTokens: 51, cachedInputTokens: 1280 },
  };

  it('renders a message the Anthropic SDK returns as is, with cached tokens split out', async () => {
    const rendered = anthropicWire.renderResponse(response, { model: 'my-alias' });
    const client = new Anthropic({
      apiKey: 'test',
      baseURL: 'http://gateway.test',
      maxRetries: 0,
      fetch: async () => Response.json(rendered),
    });
    const message = await client.messages.create({
      model: 'my-alias',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(message).toMatchObject({
      id: 'chatcmpl-BzJ5aT3wVbK9qRe6Zp2xNc8uLm4d',
      type: 'message',
      role: 'assistant',
      model: 'my-alias',
      stop_reason: 'tool_use',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_Qk2W', name: 'get_weather', input: { location: 'Paris' } },
        // Arguments cut off mid-JSON cannot be an object: Anthropic clients get {}.
        { type: 'tool_use', id: 'call_cut', name: 'get_time', input: {} },
      ],
      usage: {
        input_tokens: 30,
        output_tokens: 51,
        cache_read_input_tokens: 1280,
        cache_creation_input_tokens: 0,
      },
    });
  });
});
