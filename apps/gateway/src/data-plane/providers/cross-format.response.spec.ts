// Answers translated across formats: recorded provider payloads through an adapter and the other
// wire's renderer or encoder, checked with the official SDKs' own parsers.
import { describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { CanonicalStreamEvent } from '@llmguard/shared';
import { anthropicWire } from '../wire/anthropic.wire';
import { openAIWire } from '../wire/openai.wire';
import type { WireCodec } from '../wire/wire-codec';
import { fixtureJson, fixtureSseEvents, sseResponse } from './__fixtures__/load-fixture';
import type { ProviderAdapter } from './provider-adapter';
import { PROVIDER_ADAPTERS } from './provider-registry';

/** Runs a recorded upstream stream through an adapter's parser and a wire's encoder. */
function translateStream(
  adapter: ProviderAdapter,
  fixture: string,
  wire: WireCodec,
  includeUsage = true,
): string {
  const parser = adapter.createStreamParser();
  const encoder = wire.createStreamEncoder({ model: 'smart', requestId: 'req_1', includeUsage });
  return fixtureSseEvents(fixture)
    .flatMap((event) => parser(event))
    .map((event: CanonicalStreamEvent) => encoder.encode(event))
    .join('');
}

function openAIClient(sse: string): OpenAI {
  return new OpenAI({
    apiKey: 'k',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: async () => sseResponse(sse),
  });
}

function anthropicClient(sse: string): Anthropic {
  return new Anthropic({
    apiKey: 'k',
    baseURL: 'http://gateway.test',
    maxRetries: 0,
    fetch: async () => sseResponse(sse),
  });
}

const openAIStreamParams = {
  model: 'smart',
  messages: [{ role: 'user' as const, content: 'x' }],
  stream_options: { include_usage: true },
};
const anthropicStreamParams = {
  model: 'smart',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content: 'x' }],
};

describe('streams across formats, parsed by the official SDKs', () => {
  it('Anthropic upstream → OpenAI client: tool calls assembled, usage from message_start + message_delta', async () => {
    const sse = translateStream(PROVIDER_ADAPTERS.anthropic, 'anthropic-tool-use.chunks.txt', openAIWire);
    const completion = await openAIClient(sse)
      .chat.completions.stream(openAIStreamParams)
      .finalChatCompletion();
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        content: "I'll check the weather and the time.",
        tool_calls: [
          {
            id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
            function: { name: 'get_weather', arguments: '{"location": "Paris, France", "unit": "celsius"}' },
          },
          { id: 'toolu_01Pd7Hq2LmX9sK3vB8nR4tWy', function: { name: 'get_local_time', arguments: '{}' } },
        ],
      },
    });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 1672,
      completion_tokens: 89,
      total_tokens: 1761,
    });
  });

  it('Anthropic upstream → OpenAI client: text with cached tokens', async () => {
    const sse = translateStream(PROVIDER_ADAPTERS.anthropic, 'anthropic-text.chunks.txt', openAIWire);
    const completion = await openAIClient(sse)
      .chat.completions.stream(openAIStreamParams)
      .finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe('The capital of France is "Paris".\n');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 1822,
      prompt_tokens_details: { cached_tokens: 1800 },
    });
  });

  it('OpenAI upstream → Anthropic client: tool_use inputs parsed from input_json_delta, usage split', async () => {
    const sse = translateStream(PROVIDER_ADAPTERS.openai, 'openai-tool-call.chunks.txt', anthropicWire);
    const message = await anthropicClient(sse).messages.stream(anthropicStreamParams).finalMessage();
    expect(message).toMatchObject({
      id: 'chatcmpl-BzJ7dW2yRoN5sUz9Xt3fMl8bIq6g',
      model: 'smart',
      stop_reason: 'tool_use',
      content: [
        {
          type: 'tool_use',
          id: 'call_Qk2WmX9vB4tY7nRp3sL8dF1e',
          name: 'get_weather',
          input: { location: 'Paris, France', unit: 'celsius' },
        },
        {
          type: 'tool_use',
          id: 'call_Hz5JcN1oP6uE2gKa9yT4wQ7r',
          name: 'get_local_time',
          input: { timezone: 'Europe/Paris' },
        },
      ],
      usage: { input_tokens: 96, output_tokens: 51 },
    });
  });

  it('OpenAI upstream → Anthropic client: cached prompt tokens become cache_read_input_tokens', async () => {
    const sse = translateStream(PROVIDER_ADAPTERS.openai, 'openai-text.chunks.txt', anthropicWire);
    const message = await anthropicClient(sse).messages.stream(anthropicStreamParams).finalMessage();
    expect(message.content).toMatchObject([{ type: 'text', text: 'The capital of France is "Paris".\n' }]);
    expect(message.usage).toMatchObject({
      input_tokens: 30,
      output_tokens: 9,
      cache_read_input_tokens: 1280,
    });
    expect(message.stop_reason).toBe('end_turn');
  });

  it('Gemini upstream → OpenAI client: text and usageMetadata with cached and thought tokens', async () => {
    const sse = translateStream(PROVIDER_ADAPTERS.gemini, 'gemini-text.chunks.txt', openAIWire);
    const completion = await openAIClient(sse)
      .chat.completions.stream(openAIStreamParams)
      .finalChatCompletion();
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { content: 'The capital of France is "Paris".\n' },
    });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 2061,
      completion_tokens: 194,
      prompt_tokens_details: { cached_tokens: 2048 },
    });
  });

  it('Gemini upstream → Anthropic client: function calls as tool_use blocks', async () => {
    const sse = translateStream(PROVIDER_ADAPTERS.gemini, 'gemini-tool-call.chunks.txt', anthropicWire);
    const message = await anthropicClient(sse).messages.stream(anthropicStreamParams).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(
      message.content.map((block) => (block.type === 'tool_use' ? [block.name, block.input] : [block.type])),
    ).toEqual([
      ['text'],
      ['get_weather', { location: 'Paris, France', unit: 'celsius' }],
      ['get_local_time', { timezone: 'Europe/Paris' }],
    ]);
    expect(message.usage).toMatchObject({ input_tokens: 112, output_tokens: 124 });
  });

  it('Azure upstream → Anthropic client', async () => {
    const sse = translateStream(
      PROVIDER_ADAPTERS.azure_openai,
      'azure-openai-text.chunks.txt',
      anthropicWire,
    );
    const message = await anthropicClient(sse).messages.stream(anthropicStreamParams).finalMessage();
    expect(message.content).toMatchObject([{ type: 'text', text: 'Bonjour from Azure!' }]);
    expect(message.usage).toMatchObject({
      input_tokens: 512,
      output_tokens: 5,
      cache_read_input_tokens: 1536,
    });
  });

  it('an Anthropic mid-stream error reaches an OpenAI client as an APIError after the text so far', async () => {
    const sse = translateStream(PROVIDER_ADAPTERS.anthropic, 'anthropic-overloaded.chunks.txt', openAIWire);
    const stream = await openAIClient(sse).chat.completions.create({ ...openAIStreamParams, stream: true });
    let text = '';
    const consume = async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    };
    await expect(consume()).rejects.toMatchObject({ message: 'Overloaded', code: 'service_unavailable' });
    expect(text).toBe('Once upon');
  });
});

describe('whole answers across formats', () => {
  it('Anthropic answer → OpenAI chat.completion', () => {
    const response = PROVIDER_ADAPTERS.anthropic.parseResponse(fixtureJson('anthropic-tool-use.json'));
    expect(openAIWire.renderResponse(response, { model: 'smart' })).toMatchObject({
      object: 'chat.completion',
      model: 'smart',
      choices: [
        {
          finish_reason: 'tool_calls',
          message: {
            content: "I'll check the current weather in Paris for you.",
            tool_calls: [
              {
                id: 'toolu_01A09q90qw90lq917835lq9',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 1672, completion_tokens: 61, prompt_tokens_details: { cached_tokens: 0 } },
    });
  });

  it('Gemini answer → Anthropic message', () => {
    const response = PROVIDER_ADAPTERS.gemini.parseResponse(fixtureJson('gemini-text.json'));
    expect(anthropicWire.renderResponse(response, { model: 'smart' })).toEqual({
      id: 'm36LaZGyCLz1xs0PtNSB-QU',
      type: 'message',
      role: 'assistant',
      model: 'smart',
      content: [{ type: 'text', text: 'The capital of France is Paris.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 13,
        output_tokens: 53,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 2048,
      },
    });
  });
});
