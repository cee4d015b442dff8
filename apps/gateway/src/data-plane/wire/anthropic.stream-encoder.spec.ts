import { describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import type { CanonicalStreamEvent } from '@llmguard/shared';
import { parseSse, sseResponse } from '../providers/__fixtures__/load-fixture';
import { createAnthropicStreamEncoder } from './anthropic.stream-encoder';

const events: CanonicalStreamEvent[] = [
  { type: 'message-start', id: 'chatcmpl-BzJ7', model: 'gpt-4.1-mini' },
  { type: 'text-delta', delta: 'Checking.' },
  { type: 'tool-call-start', index: 0, id: 'call_Qk2W', name: 'get_weather' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":"Par' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: 'is"}' },
  { type: 'tool-call-start', index: 1, id: 'call_Hz5J', name: 'get_local_time' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{"timezone":"Europe/Paris"}' },
  { type: 'usage', usage: { inputTokens: 1310, outputTokens: 51, cachedInputTokens: 1280 } },
  { type: 'finish', finishReason: 'tool-calls' },
];

function encodeAll(stream: CanonicalStreamEvent[]): string {
  const encoder = createAnthropicStreamEncoder({ model: 'my-alias', requestId: 'req_1' });
  return stream.map((event) => encoder.encode(event)).join('');
}

function anthropicClientServing(sse: string): Anthropic {
  return new Anthropic({
    apiKey: 'test',
    baseURL: 'http://gateway.test',
    maxRetries: 0,
    fetch: async () => sseResponse(sse),
  });
}

describe('createAnthropicStreamEncoder', () => {
  it('writes message_start, one block per text run and tool call, message_delta and message_stop', () => {
    const frames = parseSse(encodeAll(events));
    expect(frames.map((frame) => frame.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const frame of frames) expect(JSON.parse(frame.data).type).toBe(frame.event);
    expect(JSON.parse(frames[4]!.data)).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'call_Qk2W', name: 'get_weather', input: {} },
    });
    expect(JSON.parse(frames[11]!.data)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 30,
        output_tokens: 51,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 1280,
      },
    });
  });

  it('streams what the Anthropic SDK assembles into the final message, usage included', async () => {
    const stream = anthropicClientServing(encodeAll(events)).messages.stream({
      model: 'my-alias',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'x' }],
    });
    const message = await stream.finalMessage();
    expect(message).toMatchObject({
      id: 'chatcmpl-BzJ7',
      model: 'my-alias',
      stop_reason: 'tool_use',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_Qk2W', name: 'get_weather', input: { location: 'Paris' } },
        { type: 'tool_use', id: 'call_Hz5J', name: 'get_local_time', input: { timezone: 'Europe/Paris' } },
      ],
      usage: { input_tokens: 30, output_tokens: 51, cache_read_input_tokens: 1280 },
    });
  });

  it('writes an error as `event: error`, which the Anthropic SDK throws', async () => {
    const encoder = createAnthropicStreamEncoder({ model: 'm', requestId: 'req_2' });
    const sse =
      encoder.encode({ type: 'text-delta', delta: 'Once' }) +
      encoder.encode({ type: 'error', code: 'rate_limited', message: 'Too many tokens' });
    expect(parseSse(sse).at(-1)).toEqual({
      event: 'error',
      data: '{"type":"error","error":{"type":"rate_limit_error","message":"Too many tokens"}}',
    });
    const stream = anthropicClientServing(sse).messages.stream({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow(/Too many tokens/);
  });

  it('names the message after the request when the upstream gave no id, and ignores events after finish', () => {
    const encoder = createAnthropicStreamEncoder({ model: 'm', requestId: 'req_3' });
    const start = parseSse(encoder.encode({ type: 'message-start', id: '', model: '' }));
    expect(JSON.parse(start[0]!.data).message).toMatchObject({ id: 'msg_req_3', model: 'm' });
    encoder.encode({ type: 'finish', finishReason: 'stop' });
    expect(encoder.encode({ type: 'text-delta', delta: 'late' })).toBe('');
  });
});
