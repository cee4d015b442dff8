import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenant } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';
import { waitForUsageEvent } from './support/usage-stream';

// An OpenAI-format client on an Anthropic deployment and an Anthropic-format client on an
// OpenAI-compatible deployment: both directions, streaming and tools, metered from the upstream.
let harness: Harness;
let redis: Redis;
let tenant: TestTenant;
let openai: OpenAI;
let anthropic: Anthropic;

const weatherTool = {
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

beforeAll(async () => {
  // The aliases say what the client sees; the providers say what the upstream speaks.
  harness = await startHarness({
    replyTokens: 10,
    routes: (alias, upstreamUrl) => [
      { alias: alias('claude-behind'), provider: 'anthropic', baseUrl: upstreamUrl },
      { alias: alias('gpt-behind'), provider: 'openai', baseUrl: `${upstreamUrl}/v1` },
    ],
  });
  ({ redis, tenant, openai, anthropic } = harness);
});

afterAll(() => harness?.close());

describe('OpenAI client → Anthropic deployment', () => {
  it('answers in OpenAI format and bills the upstream’s usage', async () => {
    const { data, response } = await openai.chat.completions
      .create({
        model: tenant.alias('claude-behind'),
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello over there' },
        ],
      })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe(tenant.alias('claude-behind'));
    expect(data.choices[0]?.message.content).toContain('You said: Hello over there');
    const event = await waitForUsageEvent(redis, response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({
      provider: 'anthropic',
      inputTokens: data.usage?.prompt_tokens,
      outputTokens: data.usage?.completion_tokens,
      tokenSource: 'upstream',
    });
  });

  it('streams OpenAI chunks with usage when asked', async () => {
    const stream = await openai.chat.completions.create({
      model: tenant.alias('claude-behind'),
      messages: [{ role: 'user', content: 'Stream across formats' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage ??= chunk.usage;
    }
    expect(text).toContain('You said: Stream across formats');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('turns an Anthropic tool_use into an OpenAI tool call, streamed', async () => {
    const stream = await openai.chat.completions.create({
      model: tenant.alias('claude-behind'),
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: weatherTool }],
      stream: true,
    });
    const calls = new Map<number, { name: string; args: string }>();
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        const current = calls.get(call.index) ?? { name: '', args: '' };
        current.name += call.function?.name ?? '';
        current.args += call.function?.arguments ?? '';
        calls.set(call.index, current);
      }
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
    expect(calls.get(0)?.name).toBe('get_weather');
    expect(JSON.parse(calls.get(0)?.args ?? '')).toHaveProperty('city');
    expect(finishReason).toBe('tool_calls');
  });
});

describe('Anthropic client → OpenAI-compatible deployment', () => {
  it('streams Anthropic events and meters input and output', async () => {
    const stream = anthropic.messages.stream({
      model: tenant.alias('gpt-behind'),
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello from Anthropic' }],
    });
    const message = await stream.finalMessage();
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    expect(text).toContain('You said: Hello from Anthropic');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const requestId = (await stream.withResponse()).response.headers.get('x-request-id') ?? '';
    const event = await waitForUsageEvent(redis, requestId);
    expect(event).toMatchObject({
      provider: 'openai',
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      tokenSource: 'upstream',
    });
  });

  it('turns an OpenAI tool call into an Anthropic tool_use block', async () => {
    const message = await anthropic.messages.create({
      model: tenant.alias('gpt-behind'),
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [
        {
          name: weatherTool.name,
          description: weatherTool.description,
          input_schema: weatherTool.parameters as Anthropic.Tool.InputSchema,
        },
      ],
    });
    expect(message.stop_reason).toBe('tool_use');
    const toolUse = message.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather' });
  });

  it('rejects an Anthropic request without max_tokens in Anthropic shape, naming the field', async () => {
    const response = await fetch(`${harness.gateway.dataPlaneUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': tenant.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: tenant.alias('gpt-behind'),
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(body.error.message).toContain('max_tokens');
  });
});
