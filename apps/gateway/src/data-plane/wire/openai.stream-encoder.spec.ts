import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { CanonicalStreamEvent } from '@llmguard/shared';
import { parseSse, sseResponse } from '../providers/__fixtures__/load-fixture';
import { createOpenAIStreamEncoder } from './openai.stream-encoder';

const events: CanonicalStreamEvent[] = [
  { type: 'message-start', id: 'msg_01QC4g3H', model: 'claude-sonnet-4-5' },
  { type: 'text-delta', delta: 'Checking "Paris".' },
  { type: 'tool-call-start', index: 0, id: 'toolu_01T1', name: 'get_weather' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: ' "Paris"}' },
  { type: 'usage', usage: { inputTokens: 1822, outputTokens: 40, cachedInputTokens: 1800 } },
  { type: 'finish', finishReason: 'tool-calls' },
];

function encodeAll(stream: CanonicalStreamEvent[], includeUsage: boolean): string {
  const encoder = createOpenAIStreamEncoder({ model: 'my-alias', requestId: 'req_1', includeUsage });
  return stream.map((event) => encoder.encode(event)).join('');
}

function openAIClientServing(sse: string): OpenAI {
  return new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: async () => sseResponse(sse),
  });
}

describe('createOpenAIStreamEncoder', () => {
  it('writes the chunk sequence OpenAI sends: role, deltas, finish, usage, [DONE]', () => {
    const frames = parseSse(encodeAll(events, true)).map((event) => event.data);
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map((data) => JSON.parse(data));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? null)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Checking "Paris".' },
      {
        tool_calls: [
          { index: 0, id: 'toolu_01T1', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: ' "Paris"}' } }] },
      {},
      null,
    ]);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: 'msg_01QC4g3H', object: 'chat.completion.chunk', model: 'my-alias' });
    }
    expect(chunks[5].choices[0].finish_reason).toBe('tool_calls');
    expect(chunks[0].usage).toBeNull();
    expect(chunks[6]).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 1822,
        completion_tokens: 40,
        total_tokens: 1862,
        prompt_tokens_details: { cached_tokens: 1800 },
      },
    });
  });

  it('sends no usage chunk and no usage field unless the client asked for usage', () => {
    const text = encodeAll(events, false);
    expect(text).not.toContain('"usage"');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('starts the stream itself when the first event is not message-start, naming it after the request', () => {
    const encoder = createOpenAIStreamEncoder({ model: 'm', requestId: 'req_9' });
    const [role, delta] = parseSse(encoder.encode({ type: 'text-delta', delta: 'Hi' })).map((event) =>
      JSON.parse(event.data),
    );
    expect(role).toMatchObject({ id: 'chatcmpl-req_9', choices: [{ delta: { role: 'assistant' } }] });
    expect(delta).toMatchObject({ choices: [{ delta: { content: 'Hi' } }] });
  });

  it('ignores everything after the finish', () => {
    const encoder = createOpenAIStreamEncoder({ model: 'm', requestId: 'r' });
    encoder.encode({ type: 'finish', finishReason: 'stop' });
    expect(encoder.encode({ type: 'text-delta', delta: 'late' })).toBe('');
    expect(encoder.encode({ type: 'finish', finishReason: 'stop' })).toBe('');
  });

  it('streams what the openai SDK assembles into the final completion', async () => {
    const stream = openAIClientServing(encodeAll(events, true)).chat.completions.stream({
      model: 'my-alias',
      messages: [{ role: 'user', content: 'x' }],
      stream_options: { include_usage: true },
    });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: 'Checking "Paris".',
        tool_calls: [
          {
            id: 'toolu_01T1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location": "Paris"}' },
          },
        ],
      },
    });
    expect(completion.usage).toMatchObject({ prompt_tokens: 1822, completion_tokens: 40 });
  });

  it('writes an error as the {"error":…} frame the openai SDK throws', async () => {
    const encoder = createOpenAIStreamEncoder({ model: 'm', requestId: 'r' });
    const sse =
      encoder.encode({ type: 'text-delta', delta: 'Once' }) +
      encoder.encode({ type: 'error', code: 'service_unavailable', message: 'Overloaded' });
    expect(sse).not.toContain('[DONE]');
    const stream = await openAIClientServing(sse).chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const received: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    };
    await expect(consume()).rejects.toMatchObject({
      message: 'Overloaded',
      type: 'server_error',
      code: 'service_unavailable',
    });
    expect(received.join('')).toBe('Once');
  });
});
