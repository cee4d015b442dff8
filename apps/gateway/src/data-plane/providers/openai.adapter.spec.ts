import { describe, expect, it } from 'vitest';
import type { CanonicalChatRequest } from '@llmguard/shared';
import {
  assembleStream,
  fixtureJson,
  fixtureSseEvents,
  fixtureText,
  runStreamParser,
  thrownBy,
} from './__fixtures__/load-fixture';
import { openAIAdapter } from './openai.adapter';

const vllm = {
  baseUrl: 'http://vllm.internal:8000/v1',
  upstreamModel: 'meta-llama/Llama-3.1-8B-Instruct',
  credential: null,
};
const openai = {
  baseUrl: 'https://api.openai.com/v1',
  upstreamModel: 'gpt-4.1-mini',
  credential: 'sk-upstream',
};

const request: CanonicalChatRequest = {
  model: 'alias',
  stream: false,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        {
          type: 'image',
          source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
          detail: 'low',
        },
      ],
    },
    {
      role: 'assistant',
      content: [{ type: 'tool-call', id: 'toolu_01A', name: 'lookup', arguments: '{"q":"cat"}' }],
    },
    {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'toolu_01A', content: [{ type: 'text', text: 'a cat' }] }],
    },
  ],
  tools: [
    {
      name: 'lookup',
      description: 'Search',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
    },
  ],
  toolChoice: { name: 'lookup' },
  parallelToolCalls: false,
  maxOutputTokens: 256,
  temperature: 0.2,
  stopSequences: ['END'],
  seed: 7,
  responseFormat: { type: 'json' },
  endUser: 'user-42',
  providerOptions: { openai: { logprobs: true }, anthropic: { thinking: { type: 'enabled' } } },
};

describe('openAIAdapter.buildRequest', () => {
  it('posts to {baseUrl}/chat/completions with the deployment model and a bearer token', () => {
    const upstream = openAIAdapter.buildRequest(request, openai);
    expect(upstream.url.href).toBe('https://api.openai.com/v1/chat/completions');
    expect(upstream.headers.authorization).toBe('Bearer sk-upstream');
    const body = JSON.parse(upstream.body);
    expect(body).toMatchObject({
      model: 'gpt-4.1-mini',
      max_completion_tokens: 256,
      temperature: 0.2,
      stop: ['END'],
      seed: 7,
      user: 'user-42',
      logprobs: true,
      response_format: { type: 'json_object' },
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
    });
    // Only the OpenAI-keyed provider options reach an OpenAI upstream.
    expect(body.thinking).toBeUndefined();
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'toolu_01A', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01A', content: 'a cat' },
    ]);
  });

  it('uses max_tokens and no credential header for OpenAI-compatible servers', () => {
    const upstream = openAIAdapter.buildRequest(request, vllm);
    const body = JSON.parse(upstream.body);
    expect(upstream.url.href).toBe('http://vllm.internal:8000/v1/chat/completions');
    expect(upstream.headers.authorization).toBeUndefined();
    expect(body.max_tokens).toBe(256);
    expect(body.max_completion_tokens).toBeUndefined();
  });

  it('asks for the usage chunk on every stream', () => {
    const body = JSON.parse(openAIAdapter.buildRequest({ ...request, stream: true }, vllm).body);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('omits tool_choice and parallel_tool_calls without tools, which OpenAI rejects', () => {
    const body = JSON.parse(openAIAdapter.buildRequest({ ...request, tools: undefined }, vllm).body);
    expect(body.tools).toBeUndefined();
    expect(body.tool_choice).toBeUndefined();
    expect(body.parallel_tool_calls).toBeUndefined();
  });

  it('shortens tool-call ids past 40 characters the same way for the call and its result', () => {
    const longId = `call_${'a'.repeat(24)}_ts_${'b'.repeat(60)}`;
    const body = JSON.parse(
      openAIAdapter.buildRequest(
        {
          ...request,
          messages: [
            {
              role: 'assistant',
              content: [{ type: 'tool-call', id: longId, name: 'lookup', arguments: '{}' }],
            },
            {
              role: 'tool',
              content: [{ type: 'tool-result', toolCallId: longId, content: [{ type: 'text', text: 'ok' }] }],
            },
          ],
        },
        vllm,
      ).body,
    );
    expect(body.messages[0].tool_calls[0].id).toHaveLength(40);
    expect(body.messages[1].tool_call_id).toBe(body.messages[0].tool_calls[0].id);
  });

  it('refuses images inside tool results, which OpenAI tool messages cannot carry', () => {
    const withImage: CanonicalChatRequest = {
      ...request,
      messages: [
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'call_1',
              content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }],
            },
          ],
        },
      ],
    };
    expect(thrownBy(() => openAIAdapter.buildRequest(withImage, vllm))).toMatchObject({
      code: 'invalid_request',
      publicMessage: expect.stringContaining('contains an image'),
    });
  });
});

describe('openAIAdapter.parseResponse', () => {
  it('reads text, finish reason and usage with cached tokens counted inside the input', () => {
    expect(openAIAdapter.parseResponse(fixtureJson('openai-text.json'))).toEqual({
      id: 'chatcmpl-BzJ4kQ8uXrN2mW7pLs5dE1vYtA3c',
      model: 'gpt-4.1-mini-2025-04-14',
      content: [{ type: 'text', text: 'The capital of France is Paris.' }],
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 1310, outputTokens: 8, cachedInputTokens: 1280 },
    });
  });

  it('reads parallel tool calls with their JSON-text arguments', () => {
    const response = openAIAdapter.parseResponse(fixtureJson('openai-tool-call.json'));
    expect(response.finishReason).toBe('tool-calls');
    expect(response.content).toEqual([
      {
        type: 'tool-call',
        id: 'call_Qk2WmX9vB4tY7nRp3sL8dF1e',
        name: 'get_weather',
        arguments: '{"location":"Paris, France","unit":"celsius"}',
      },
      {
        type: 'tool-call',
        id: 'call_Hz5JcN1oP6uE2gKa9yT4wQ7r',
        name: 'get_local_time',
        arguments: '{"timezone":"Europe/Paris"}',
      },
    ]);
  });

  it('keeps "not reported" apart from 0 when a compatible server sends no usage', () => {
    const response = openAIAdapter.parseResponse({
      choices: [{ message: { content: 'hi' }, finish_reason: 'eos' }],
    });
    expect(response.usage).toEqual({
      inputTokens: undefined,
      outputTokens: undefined,
      cachedInputTokens: undefined,
    });
    expect(response.finishReason).toBe('other');
  });

  it('turns an answer without choices into an upstream error', () => {
    const error = thrownBy(() => openAIAdapter.parseResponse({ object: 'list' }));
    expect(error).toMatchObject({ code: 'upstream_error', status: 502 });
    expect(error.publicMessage).toMatch(/without a choice/);
  });
});

describe('openAIAdapter stream parser', () => {
  it('turns the text stream into start, deltas, one usage and a final finish', () => {
    const events = runStreamParser(
      openAIAdapter.createStreamParser(),
      fixtureSseEvents('openai-text.chunks.txt'),
    );
    expect(events[0]).toEqual({
      type: 'message-start',
      id: 'chatcmpl-BzJ6cV1xQnM4rTy8Ws2eLk7aHp5f',
      model: 'gpt-4.1-mini-2025-04-14',
    });
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 1310, outputTokens: 9, cachedInputTokens: 1280 } },
      { type: 'finish', finishReason: 'stop', rawFinishReason: 'stop' },
    ]);
    expect(assembleStream(events).text).toBe('The capital of France is "Paris".\n');
  });

  it('assembles streamed tool-call arguments across deltas', () => {
    const events = runStreamParser(
      openAIAdapter.createStreamParser(),
      fixtureSseEvents('openai-tool-call.chunks.txt'),
    );
    const { toolCalls, finish, usage } = assembleStream(events);
    expect(toolCalls).toEqual([
      {
        id: 'call_Qk2WmX9vB4tY7nRp3sL8dF1e',
        name: 'get_weather',
        arguments: '{"location":"Paris, France","unit":"celsius"}',
      },
      {
        id: 'call_Hz5JcN1oP6uE2gKa9yT4wQ7r',
        name: 'get_local_time',
        arguments: '{"timezone":"Europe/Paris"}',
      },
    ]);
    expect(finish?.finishReason).toBe('tool-calls');
    expect(usage).toEqual({ inputTokens: 96, outputTokens: 51, cachedInputTokens: 0 });
  });

  it('still finishes on [DONE] when the server sent no usage chunk', () => {
    const parser = openAIAdapter.createStreamParser();
    const events = runStreamParser(parser, [
      {
        data: '{"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"length"}]}',
      },
      { data: '[DONE]' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'length', rawFinishReason: 'length' });
    expect(events.some((event) => event.type === 'usage')).toBe(false);
  });

  it('turns a mid-stream error chunk into an error event', () => {
    const events = runStreamParser(openAIAdapter.createStreamParser(), [
      {
        data: '{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}',
      },
    ]);
    expect(events).toEqual([
      {
        type: 'error',
        code: 'upstream_error',
        message: 'The server had an error while processing your request.',
      },
    ]);
  });
});

describe('openAIAdapter.parseError', () => {
  it('reads the OpenAI error body and keeps the status', () => {
    const error = openAIAdapter.parseError(429, { 'retry-after': '1' }, fixtureText('openai-error.json'));
    expect(error).toMatchObject({
      provider: 'openai',
      status: 429,
      retryable: true,
      type: 'tokens',
      code: 'rate_limit_exceeded',
      retryAfterSeconds: 1,
    });
    expect(error.message).toMatch(/^Rate limit reached/);
  });

  it('reads vLLM top-level errors and TGI/Ollama string errors', () => {
    expect(
      openAIAdapter.parseError(
        400,
        {},
        '{"object":"error","message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400}',
      ),
    ).toMatchObject({
      message: 'max_tokens is too large',
      type: 'BadRequestError',
      code: '400',
      retryable: false,
    });
    expect(
      openAIAdapter.parseError(422, {}, '{"error":"Input validation error","error_type":"validation"}'),
    ).toMatchObject({
      message: 'Input validation error',
      type: 'validation',
    });
  });

  it('turns a non-JSON body into an error that keeps the status', () => {
    const error = openAIAdapter.parseError(502, new Headers(), '<html>Bad Gateway</html>');
    expect(error).toMatchObject({ status: 502, retryable: true, type: undefined });
    expect(error.message).toContain('502');
  });

  it.each([
    [400, false],
    [404, false],
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [503, true],
  ])('status %i is retryable: %s', (status, retryable) => {
    expect(openAIAdapter.parseError(status, {}, '{}').retryable).toBe(retryable);
  });

  it('lets x-should-retry override the status rule, as the OpenAI SDK does', () => {
    expect(openAIAdapter.parseError(500, { 'x-should-retry': 'false' }, '{}').retryable).toBe(false);
    expect(openAIAdapter.parseError(400, { 'x-should-retry': 'true' }, '{}').retryable).toBe(true);
  });
});
