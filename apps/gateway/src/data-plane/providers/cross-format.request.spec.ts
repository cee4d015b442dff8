// Requests translated across formats: a client body in one wire format, through the canonical
// request, into another provider's upstream body.
import { describe, expect, it } from 'vitest';
import { anthropicWire } from '../wire/anthropic.wire';
import { openAIWire } from '../wire/openai.wire';
import { DEFAULT_ANTHROPIC_MAX_TOKENS } from './anthropic.request-body';
import { PROVIDER_ADAPTERS } from './provider-registry';

const target = (baseUrl: string, upstreamModel: string) => ({ baseUrl, upstreamModel, credential: 'k' });

/** An OpenAI client's request with system, image, tool history and tool settings. */
const openAIBody = {
  model: 'smart',
  messages: [
    { role: 'system', content: 'You are a weather bot.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is the weather where this photo was taken?' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
      ],
    },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_a',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"location":"Paris"}' },
        },
        {
          id: 'call_b',
          type: 'function',
          function: { name: 'get_local_time', arguments: '{"timezone":"Europe/Paris"}' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_a', content: '18°C and sunny' },
    { role: 'tool', tool_call_id: 'call_b', content: '14:05' },
    { role: 'user', content: 'Should I bring a jacket?' },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
      },
    },
  ],
  tool_choice: 'required',
  temperature: 0.4,
  stop: ['\n\n'],
  user: 'end-user-1',
  stream: true,
};

/** An Anthropic client's request with tool_use history and a tool_result turn. */
const anthropicBody = {
  model: 'smart',
  max_tokens: 300,
  system: 'You are a weather bot.',
  messages: [
    { role: 'user', content: 'Weather in Paris?' },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { location: 'Paris' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_01A', content: [{ type: 'text', text: '18°C' }] },
        { type: 'text', text: 'In Fahrenheit please.' },
      ],
    },
  ],
  tools: [
    { name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } },
  ],
  tool_choice: { type: 'tool', name: 'get_weather' },
  metadata: { user_id: 'end-user-2' },
};

describe('requests across formats', () => {
  it('OpenAI → Anthropic: system extracted, tool messages become one tool_result user turn', () => {
    const upstream = PROVIDER_ADAPTERS.anthropic.buildRequest(
      openAIWire.toCanonical(openAIBody),
      target('https://api.anthropic.com', 'claude-sonnet-4-5'),
    );
    expect(JSON.parse(upstream.body)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: DEFAULT_ANTHROPIC_MAX_TOKENS,
      system: 'You are a weather bot.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is the weather where this photo was taken?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { location: 'Paris' } },
            { type: 'tool_use', id: 'call_b', name: 'get_local_time', input: { timezone: 'Europe/Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_a', content: '18°C and sunny' },
            { type: 'tool_result', tool_use_id: 'call_b', content: '14:05' },
            { type: 'text', text: 'Should I bring a jacket?' },
          ],
        },
      ],
      temperature: 0.4,
      stop_sequences: ['\n\n'],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather',
          input_schema: {
            type: 'object',
            properties: { location: { type: 'string' } },
            required: ['location'],
          },
        },
      ],
      tool_choice: { type: 'any' },
      metadata: { user_id: 'end-user-1' },
      stream: true,
    });
  });

  it('Anthropic → OpenAI: tool_use becomes tool_calls with JSON-text arguments, tool_result a tool message', () => {
    const upstream = PROVIDER_ADAPTERS.openai.buildRequest(
      anthropicWire.toCanonical(anthropicBody),
      target('http://vllm:8000/v1', 'qwen2.5-72b'),
    );
    expect(JSON.parse(upstream.body)).toEqual({
      model: 'qwen2.5-72b',
      messages: [
        { role: 'system', content: 'You are a weather bot.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
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
        { role: 'tool', tool_call_id: 'toolu_01A', content: '18°C' },
        { role: 'user', content: 'In Fahrenheit please.' },
      ],
      max_tokens: 300,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { location: { type: 'string' } } },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      user: 'end-user-2',
    });
  });

  it('OpenAI → Gemini: function calls and named function responses, system instruction', () => {
    const upstream = PROVIDER_ADAPTERS.gemini.buildRequest(
      openAIWire.toCanonical(openAIBody),
      target('https://generativelanguage.googleapis.com', 'gemini-2.5-flash'),
    );
    const body = JSON.parse(upstream.body);
    expect(upstream.url.search).toBe('?alt=sse');
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'You are a weather bot.' }] });
    expect(body.contents.map((content: { role: string }) => content.role)).toEqual(['user', 'model', 'user']);
    expect(body.contents[2].parts).toEqual([
      { functionResponse: { name: 'get_weather', response: { content: '18°C and sunny' } } },
      { functionResponse: { name: 'get_local_time', response: { content: '14:05' } } },
      { text: 'Should I bring a jacket?' },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(body.generationConfig).toEqual({ temperature: 0.4, stopSequences: ['\n\n'] });
  });

  it('Anthropic → Azure OpenAI: the OpenAI body without model', () => {
    const upstream = PROVIDER_ADAPTERS.azure_openai.buildRequest(
      anthropicWire.toCanonical({ ...anthropicBody, stream: true }),
      target('https://contoso.openai.azure.com', 'gpt-4o'),
    );
    const body = JSON.parse(upstream.body);
    expect(body.model).toBeUndefined();
    expect(body.messages[2].tool_calls[0].function.arguments).toBe('{"location":"Paris"}');
    expect(body.stream_options).toEqual({ include_usage: true });
  });
});
