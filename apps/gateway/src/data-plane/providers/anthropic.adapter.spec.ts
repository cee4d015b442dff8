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
import { ANTHROPIC_VERSION, anthropicAdapter } from './anthropic.adapter';
import { DEFAULT_ANTHROPIC_MAX_TOKENS } from './anthropic.request-body';

const deployment = {
  baseUrl: 'https://api.anthropic.com',
  upstreamModel: 'claude-sonnet-4-5-20250929',
  credential: 'sk-ant-upstream',
};

function bodyOf(request: CanonicalChatRequest): Record<string, unknown> {
  return JSON.parse(anthropicAdapter.buildRequest(request, deployment).body) as Record<string, unknown>;
}

const base: CanonicalChatRequest = { model: 'alias', stream: false, messages: [] };

describe('anthropicAdapter.buildRequest', () => {
  it('posts to /v1/messages with x-api-key and anthropic-version', () => {
    const upstream = anthropicAdapter.buildRequest(
      { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
      deployment,
    );
    expect(upstream.url.href).toBe('https://api.anthropic.com/v1/messages');
    expect(upstream.headers).toMatchObject({
      'x-api-key': 'sk-ant-upstream',
      'anthropic-version': ANTHROPIC_VERSION,
    });
  });

  it('fills the required max_tokens with the documented default', () => {
    const body = bodyOf({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    expect(body.max_tokens).toBe(DEFAULT_ANTHROPIC_MAX_TOKENS);
    expect(body.model).toBe('claude-sonnet-4-5-20250929');
  });

  it('moves system turns to `system` and merges consecutive same-role turns', () => {
    const body = bodyOf({
      ...base,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'one' }] },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
      ],
    });
    expect(body.system).toBe('Be brief.\n\nAnswer in French.');
    // The empty assistant turn carries nothing and Anthropic rejects empty content.
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ],
      },
    ]);
  });

  it('sends tool results as tool_result blocks in one user turn, before the next user text', () => {
    const body = bodyOf({
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather and time in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'call_a', name: 'get_weather', arguments: '{"location":"Paris"}' },
            { type: 'tool-call', id: 'call.b', name: 'get_time', arguments: '' },
          ],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'call_a', content: [{ type: 'text', text: '18°C' }] }],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'call.b',
              content: [{ type: 'text', text: 'boom' }],
              isError: true,
            },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather and time in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { location: 'Paris' } },
          { type: 'tool_use', id: 'call_b', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_a', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'call_b', content: 'boom', is_error: true },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('sends images as base64 or url sources', () => {
    const body = bodyOf({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
        ],
      },
    ]);
  });

  it('maps tools to input_schema and every tool choice', () => {
    const tools = [{ name: 'lookup', description: 'Search', parameters: { type: 'object', properties: {} } }];
    const user = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'x' }] }];
    const choiceOf = (request: Partial<CanonicalChatRequest>) =>
      bodyOf({ ...base, messages: user, tools, ...request }).tool_choice;
    expect(bodyOf({ ...base, messages: user, tools }).tools).toEqual([
      { name: 'lookup', description: 'Search', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(choiceOf({})).toBeUndefined();
    expect(choiceOf({ toolChoice: 'auto' })).toEqual({ type: 'auto' });
    expect(choiceOf({ toolChoice: 'required' })).toEqual({ type: 'any' });
    expect(choiceOf({ toolChoice: 'none' })).toEqual({ type: 'none' });
    expect(choiceOf({ toolChoice: { name: 'lookup' } })).toEqual({ type: 'tool', name: 'lookup' });
    expect(choiceOf({ parallelToolCalls: false })).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(choiceOf({ toolChoice: 'required', parallelToolCalls: false })).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
  });

  it('maps sampling, end user, JSON schema output and Anthropic provider options', () => {
    const body = bodyOf({
      ...base,
      stream: true,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      maxOutputTokens: 100,
      temperature: 0.5,
      topP: 0.9,
      topK: 40,
      seed: 1,
      stopSequences: ['###'],
      endUser: 'user-1',
      responseFormat: { type: 'json-schema', name: 'r', schema: { type: 'object' } },
      providerOptions: {
        anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 } },
        openai: { logprobs: true },
      },
    });
    expect(body).toMatchObject({
      max_tokens: 100,
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['###'],
      stream: true,
      metadata: { user_id: 'user-1' },
      output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(body.seed).toBeUndefined();
    expect(body.logprobs).toBeUndefined();
  });

  it('refuses tool-call arguments that are not a JSON object', () => {
    const error = thrownBy(() =>
      bodyOf({
        ...base,
        messages: [
          { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{"cut' }] },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
  });
});

describe('anthropicAdapter.parseResponse', () => {
  it('counts cache reads inside the input and as cached input', () => {
    expect(anthropicAdapter.parseResponse(fixtureJson('anthropic-text.json'))).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'The capital of France is Paris.' }],
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      usage: { inputTokens: 1822, outputTokens: 10, cachedInputTokens: 1800 },
    });
  });

  it('reads tool_use blocks as tool calls and counts cache writes as input', () => {
    const response = anthropicAdapter.parseResponse(fixtureJson('anthropic-tool-use.json'));
    expect(response.finishReason).toBe('tool-calls');
    expect(response.content[1]).toEqual({
      type: 'tool-call',
      id: 'toolu_01A09q90qw90lq917835lq9',
      name: 'get_weather',
      arguments: '{"location":"Paris, France","unit":"celsius"}',
    });
    expect(response.usage).toEqual({ inputTokens: 1672, outputTokens: 61, cachedInputTokens: 0 });
  });
});

describe('anthropicAdapter stream parser', () => {
  it('combines message_start input and message_delta output into one usage before finish', () => {
    const events = runStreamParser(
      anthropicAdapter.createStreamParser(),
      fixtureSseEvents('anthropic-text.chunks.txt'),
    );
    expect(events[0]).toEqual({
      type: 'message-start',
      id: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(events.filter((event) => event.type === 'usage')).toHaveLength(1);
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 1822, outputTokens: 12, cachedInputTokens: 1800 } },
      { type: 'finish', finishReason: 'stop', rawFinishReason: 'end_turn' },
    ]);
    expect(assembleStream(events).text).toBe('The capital of France is "Paris".\n');
  });

  it('assembles input_json_delta fragments, and gives an argument-less tool "{}"', () => {
    const events = runStreamParser(
      anthropicAdapter.createStreamParser(),
      fixtureSseEvents('anthropic-tool-use.chunks.txt'),
    );
    const { text, toolCalls, usage, finish } = assembleStream(events);
    expect(text).toBe("I'll check the weather and the time.");
    expect(toolCalls).toEqual([
      {
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        arguments: '{"location": "Paris, France", "unit": "celsius"}',
      },
      { id: 'toolu_01Pd7Hq2LmX9sK3vB8nR4tWy', name: 'get_local_time', arguments: '{}' },
    ]);
    // message_delta carried only output_tokens: the input comes from message_start.
    expect(usage).toEqual({ inputTokens: 1672, outputTokens: 89, cachedInputTokens: 0 });
    expect(finish?.finishReason).toBe('tool-calls');
  });

  it('turns a mid-stream overloaded error into a service_unavailable error event', () => {
    const events = runStreamParser(
      anthropicAdapter.createStreamParser(),
      fixtureSseEvents('anthropic-overloaded.chunks.txt'),
    );
    expect(events.at(-1)).toEqual({ type: 'error', code: 'service_unavailable', message: 'Overloaded' });
  });
});

describe('anthropicAdapter.parseError', () => {
  it('reads the error type and message and keeps the status', () => {
    expect(anthropicAdapter.parseError(529, {}, fixtureText('anthropic-error.json'))).toMatchObject({
      provider: 'anthropic',
      status: 529,
      retryable: true,
      type: 'overloaded_error',
      message: 'Overloaded',
    });
  });

  it('turns a non-JSON body into an error that keeps the status', () => {
    expect(anthropicAdapter.parseError(413, {}, 'Request Entity Too Large')).toMatchObject({
      status: 413,
      retryable: false,
      type: undefined,
    });
  });
});
