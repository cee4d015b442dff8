import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { CanonicalChatResponse } from '@llmguard/shared';
import { thrownBy } from '../providers/__fixtures__/load-fixture';
import { openAIWire } from './openai.wire';

const minimal = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

describe('openAIWire.toCanonical', () => {
  it('reads every modelled field', () => {
    const request = openAIWire.toCanonical({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'system', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'A cat.' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'It is ' },
            { type: 'refusal', refusal: 'a cat.' },
          ],
        },
      ],
      max_tokens: 100,
      max_completion_tokens: 200,
      temperature: 0.7,
      top_p: 0.9,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      n: 1,
      stop: 'END',
      seed: 42,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', description: 'Search', parameters: { type: 'object' } },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
      stream: true,
      stream_options: { include_usage: true },
      user: 'user-42',
      logprobs: true,
      reasoning_effort: 'low',
    });
    expect(request).toEqual({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'system', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            {
              type: 'image',
              source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
              detail: 'high',
            },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', id: 'call_1', name: 'lookup', arguments: '{"q":"cat"}' }],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'A cat.' }] },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'It is ' },
            { type: 'text', text: 'a cat.' },
          ],
        },
      ],
      // max_completion_tokens wins over the deprecated max_tokens.
      maxOutputTokens: 200,
      temperature: 0.7,
      topP: 0.9,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      stopSequences: ['END'],
      seed: 42,
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' }, strict: true },
      tools: [{ name: 'lookup', description: 'Search', parameters: { type: 'object' } }],
      toolChoice: { name: 'lookup' },
      parallelToolCalls: false,
      endUser: 'user-42',
      providerOptions: { openai: { logprobs: true, reasoning_effort: 'low' } },
    });
  });

  it('keeps the request small when only the required fields are sent', () => {
    expect(openAIWire.toCanonical(minimal)).toEqual({
      model: 'gpt-4o-mini',
      stream: false,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it.each([
    ['none', 'none'],
    ['auto', 'auto'],
    ['required', 'required'],
  ] as const)('maps tool_choice %s', (choice, expected) => {
    expect(openAIWire.toCanonical({ ...minimal, tool_choice: choice }).toolChoice).toBe(expected);
  });

  it('maps json_object to canonical json and drops text', () => {
    expect(
      openAIWire.toCanonical({ ...minimal, response_format: { type: 'json_object' } }).responseFormat,
    ).toEqual({
      type: 'json',
    });
    expect(
      openAIWire.toCanonical({ ...minimal, response_format: { type: 'text' } }).responseFormat,
    ).toBeUndefined();
  });
});

describe('openAIWire.toCanonical validation', () => {
  it.each([
    [
      {
        ...minimal,
        messages: [
          { role: 'user', content: 'ok' },
          { role: 'user', content: 5 },
        ],
      },
      'messages[1].content',
      /expected string or array/,
    ],
    [{ ...minimal, messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role', /discriminator/],
    [
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'text', text: 3 }] }] },
      'messages[0].content[0].text',
      /expected string/,
    ],
    [
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'input_audio' }] }] },
      'messages[0].content[0].type',
      /text and image_url/i,
    ],
    [
      { ...minimal, messages: [{ role: 'tool', content: 'x' }] },
      'messages[0].tool_call_id',
      /Missing required parameter/,
    ],
    [{ ...minimal, messages: [] }, 'messages', /too small/i],
    [{ messages: minimal.messages }, 'model', /Missing required parameter: 'model'/],
    [{ ...minimal, n: 2 }, 'n', /only n=1/i],
    [{ ...minimal, temperature: 3 }, 'temperature', /2/],
    [
      { ...minimal, tools: [{ type: 'custom', custom: { name: 'x' } }] },
      'tools[0].type',
      /only function tools/i,
    ],
  ])('names the offending field (%#)', (body, param, message) => {
    const error = thrownBy(() => openAIWire.toCanonical(body));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param });
    expect(error.publicMessage).toMatch(message);
  });

  it('rejects a body that is not an object', () => {
    expect(thrownBy(() => openAIWire.toCanonical('hello'))).toMatchObject({
      code: 'invalid_request',
      param: undefined,
    });
  });
});

describe('openAIWire.renderResponse', () => {
  const response: CanonicalChatResponse = {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    model: 'claude-sonnet-4-5-20250929',
    content: [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool-call', id: 'toolu_01A', name: 'get_weather', arguments: '{"location":"Paris"}' },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 1822, outputTokens: 10, cachedInputTokens: 1800 },
  };

  it('renders a chat.completion the openai SDK returns as is', async () => {
    const rendered = openAIWire.renderResponse(response, { model: 'my-alias' });
    const client = new OpenAI({
      apiKey: 'test',
      baseURL: 'http://gateway.test/v1',
      maxRetries: 0,
      fetch: async () => Response.json(rendered),
    });
    const completion = await client.chat.completions.create({
      model: 'my-alias',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion).toMatchObject({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      model: 'my-alias',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Let me check.',
            tool_calls: [
              {
                id: 'toolu_01A',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"location":"Paris"}' },
              },
            ],
          },
        },
      ],
      usage: {
        prompt_tokens: 1822,
        completion_tokens: 10,
        total_tokens: 1832,
        prompt_tokens_details: { cached_tokens: 1800 },
      },
    });
  });

  it('writes null content for a tool-call-only answer and names an id-less answer after the request', () => {
    const rendered = openAIWire.renderResponse(
      { ...response, id: '', content: [response.content[1]!] },
      { model: 'm', requestId: 'req_123' },
    ) as { id: string; choices: Array<{ message: { content: unknown } }> };
    expect(rendered.id).toBe('chatcmpl-req_123');
    expect(rendered.choices[0]?.message.content).toBeNull();
  });
});
