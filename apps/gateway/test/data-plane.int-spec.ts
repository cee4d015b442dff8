import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { toFile } from 'openai';
import type { Redis } from 'ioredis';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@llmguard/db';
import type { DemoUpstream } from '@llmguard/demo-upstream';
import type { RunningGateway } from '../src/main';
import { addRoute, createTestTenant, type TestTenant } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';
import { waitForUsageEvent } from './support/usage-stream';

const execFileAsync = promisify(execFile);
let harness: Harness;
let prisma: PrismaClient;
let redis: Redis;
let upstream: DemoUpstream;
let gateway: RunningGateway;
let tenant: TestTenant;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  harness = await startHarness({
    replyTokens: 12,
    env: { MAX_REQUEST_BODY_BYTES: String(256 * 1024) },
    routes: (alias, upstreamUrl) => [
      { alias: alias('chat'), provider: 'openai', baseUrl: `${upstreamUrl}/v1` },
      { alias: alias('claude'), provider: 'anthropic', baseUrl: upstreamUrl },
      { alias: alias('down'), provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1' },
      {
        alias: alias('impatient'),
        provider: 'openai',
        baseUrl: `${upstreamUrl}/v1`,
        timeouts: { firstByteMs: 300, idleMs: 300 },
      },
    ],
  });
  ({ prisma, redis, upstream, gateway, tenant, openai, anthropic } = harness);
});

afterAll(() => harness?.close());

describe('OpenAI chat completions through the gateway', () => {
  it('answers a non-streaming request and meters the upstream usage exactly', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: tenant.alias('chat'), messages: [{ role: 'user', content: 'Say hello' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(/^req_/);
    const event = await waitForUsageEvent(redis, requestId);
    expect(event).toMatchObject({
      tenantId: tenant.tenantId,
      apiKeyId: tenant.apiKeyId,
      model: tenant.alias('chat'),
      inputTokens: data.usage?.prompt_tokens,
      outputTokens: data.usage?.completion_tokens,
      tokenSource: 'upstream',
      outcome: 'success',
      status: 200,
      stream: false,
    });
    // 1 USD per million input tokens, 2 per million output, rounded up to a whole micro.
    const expected = Math.ceil(
      (data.usage!.prompt_tokens * 1_000_000 + data.usage!.completion_tokens * 2_000_000) / 1e6,
    );
    expect(event.costMicros).toBe(expected);
  });

  it('streams token by token and bills the streamed tokens, even when the client did not ask for usage', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create({
        model: tenant.alias('chat'),
        messages: [{ role: 'user', content: 'Stream please' }],
        stream: true,
      })
      .withResponse();
    let deltas = 0;
    let sawUsageChunk = false;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) deltas += 1;
      if (chunk.usage) sawUsageChunk = true;
    }
    expect(deltas).toBe(12);
    // The gateway asked the upstream for usage itself and dropped that chunk again.
    expect(sawUsageChunk).toBe(false);
    const requestId = response.headers.get('x-request-id') ?? '';
    const event = await waitForUsageEvent(redis, requestId);
    expect(event).toMatchObject({
      outputTokens: 12,
      tokenSource: 'upstream',
      stream: true,
      outcome: 'success',
    });
    expect(event.ttftMs).not.toBeNull();
  });

  it('passes the usage chunk on when the client asked for it', async () => {
    const stream = await openai.chat.completions.create({
      model: tenant.alias('chat'),
      messages: [{ role: 'user', content: 'Count my tokens' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined | null;
    let deltas = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) deltas += 1;
      usage ??= chunk.usage;
    }
    expect(usage?.completion_tokens).toBe(deltas);
  });

  it('passes tool calls through, streamed, assembling into a valid call', async () => {
    const runner = openai.chat.completions.stream({
      model: tenant.alias('chat'),
      messages: [{ role: 'user', content: 'What is the weather in Rome?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ],
    });
    const completion = await runner.finalChatCompletion();
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('lists only the models the key can use', async () => {
    const models = await openai.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining([tenant.alias('chat'), tenant.alias('claude')]));
  });
});

describe('Anthropic messages through the gateway', () => {
  it('streams with the official SDK and meters input and output tokens', async () => {
    const stream = anthropic.messages.stream({
      model: tenant.alias('claude'),
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hello Claude' }],
    });
    const message = await stream.finalMessage();
    expect(message.content[0]?.type).toBe('text');
    const requestId = (await stream.withResponse()).response.headers.get('x-request-id') ?? '';
    const event = await waitForUsageEvent(redis, requestId);
    expect(event).toMatchObject({
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      tokenSource: 'upstream',
    });
  });
});

describe('errors in the client wire format', () => {
  it('rejects a wrong key with 401 in OpenAI shape and a request id', async () => {
    const client = new OpenAI({
      apiKey: 'lg_test_' + 'x'.repeat(40),
      baseURL: `${gateway.dataPlaneUrl}/v1`,
      maxRetries: 0,
    });
    const error = await client.chat.completions
      .create({ model: tenant.alias('chat'), messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).requestID).toMatch(/^req_/);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
  });

  it('rejects a wrong key with 401 in Anthropic shape on /v1/messages', async () => {
    const client = new Anthropic({ apiKey: 'nope', baseURL: gateway.dataPlaneUrl, maxRetries: 0 });
    const error = await client.messages
      .create({ model: tenant.alias('claude'), max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await openai.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('hides models outside a key’s allow-list exactly like missing ones', async () => {
    const restricted = await createTestTenant(prisma, { allowedModels: (alias) => [alias('other')] });
    await addRoute(prisma, restricted, {
      alias: restricted.alias('chat'),
      provider: 'openai',
      baseUrl: `${upstream.url}/v1`,
    });
    const client = new OpenAI({
      apiKey: restricted.apiKey,
      baseURL: `${gateway.dataPlaneUrl}/v1`,
      maxRetries: 0,
    });
    const error = await client.chat.completions
      .create({ model: restricted.alias('chat'), messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('answers an oversized body with 413 in OpenAI shape', async () => {
    const response = await fetch(`${gateway.dataPlaneUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: tenant.alias('chat'),
        messages: [{ role: 'user', content: 'x'.repeat(300_000) }],
      }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'payload_too_large' },
    });
  });

  it('answers malformed JSON with 400 invalid_request_error', async () => {
    const response = await fetch(`${gateway.dataPlaneUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: '{"model": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('reports an unreachable upstream as 502 and still records the request', async () => {
    const { response, error } = await fetch(`${gateway.dataPlaneUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: tenant.alias('down'), messages: [{ role: 'user', content: 'hi' }] }),
    }).then(async (res) => ({ response: res, error: (await res.json()) as { error: { code: string } } }));
    expect(response.status).toBe(502);
    expect(error.error.code).toBe('upstream_error');
    const event = await waitForUsageEvent(redis, response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({ outcome: 'upstream_error', status: 502, inputTokens: 0, outputTokens: 0 });
  });

  it('passes an upstream 429 through with its status', async () => {
    const error = await openai.chat.completions
      .create(
        { model: tenant.alias('chat'), messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-demo-fail': '429' } },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  });
});

describe('other OpenAI endpoints', () => {
  it('embeds through the gateway and meters the input tokens', async () => {
    const { data, response } = await openai.embeddings
      .create({ model: tenant.alias('chat'), input: ['first text', 'second text'], dimensions: 8 })
      .withResponse();
    expect(data.data).toHaveLength(2);
    expect(data.data[0]?.embedding).toHaveLength(8);
    const event = await waitForUsageEvent(redis, response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({
      inputTokens: data.usage.prompt_tokens,
      outputTokens: 0,
      tokenSource: 'upstream',
    });
  });

  it('passes the Responses API through, streamed, with usage from response.completed', async () => {
    const stream = await openai.responses.create({
      model: tenant.alias('chat'),
      input: 'Respond please',
      stream: true,
    });
    let deltas = 0;
    let requestUsage: { output_tokens: number } | undefined;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') deltas += 1;
      if (event.type === 'response.completed') requestUsage = event.response.usage ?? undefined;
    }
    expect(deltas).toBe(12);
    expect(requestUsage?.output_tokens).toBe(12);
  });

  it('generates images and meters the image tokens', async () => {
    const { data, response } = await openai.images
      .generate({ model: tenant.alias('chat'), prompt: 'a red square', size: '1024x1024' })
      .withResponse();
    expect(data.data?.[0]?.b64_json).toBeTruthy();
    const event = await waitForUsageEvent(redis, response.headers.get('x-request-id') ?? '');
    expect(event.outputTokens).toBe(data.usage?.output_tokens);
  });

  it('serves legacy completions, streamed, with exact usage', async () => {
    const { data: stream, response } = await openai.completions
      .create({ model: tenant.alias('chat'), prompt: 'Once upon a time', stream: true, max_tokens: 5 })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text.length).toBeGreaterThan(0);
    const event = await waitForUsageEvent(redis, response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({ outputTokens: 5, tokenSource: 'upstream', stream: true });
  });
});

describe('uploads', () => {
  it('proxies an audio transcription upload intact and meters its usage', async () => {
    const audio = Buffer.alloc(200_000, 7);
    audio.write('RIFF', 0);
    const { data, response } = await openai.audio.transcriptions
      .create({ file: await toFile(audio, 'speech.wav', { type: 'audio/wav' }), model: tenant.alias('chat') })
      .withResponse();
    expect(data.text).toContain('200000-byte recording');
    // The upstream received the same bytes, with the model renamed to the deployment's.
    expect(upstream.stats.lastUpload).toMatchObject({
      bytes: audio.length,
      sha256: createHash('sha256').update(audio).digest('hex'),
    });
    const event = await waitForUsageEvent(redis, response.headers.get('x-request-id') ?? '');
    expect(event.inputTokens).toBeGreaterThan(0);
    expect(event.tokenSource).toBe('upstream');
  });

  it('refuses an upload without a valid key before reading it', async () => {
    const client = new OpenAI({ apiKey: 'wrong', baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 });
    const error = await client.audio.transcriptions
      .create({ file: await toFile(Buffer.alloc(10), 'a.wav'), model: tenant.alias('chat') })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('timeouts', () => {
  it('answers 504 when the upstream sends nothing within the route’s first-byte timeout', async () => {
    const error = await openai.chat.completions
      .create(
        { model: tenant.alias('impatient'), messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-demo-ttft-ms': '2000' } },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('within 300 ms');
  });

  it('ends a stream that goes silent with a well-formed error event', async () => {
    const stream = await openai.chat.completions.create(
      { model: tenant.alias('impatient'), messages: [{ role: 'user', content: 'hi' }], stream: true },
      { headers: { 'x-demo-itl-ms': '1000', 'x-demo-tokens': '5' } },
    );
    const error = await (async () => {
      for await (const chunk of stream) void chunk;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toContain('went silent for 300 ms');
  });
});

describe('client disconnects', () => {
  it('aborts the upstream at once and still meters what was generated', async () => {
    const streamsBefore = upstream.stats.activeStreams;
    const controller = new AbortController();
    const response = await fetch(`${gateway.dataPlaneUrl}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        authorization: `Bearer ${tenant.apiKey}`,
        'content-type': 'application/json',
        'x-demo-tokens': '500',
        'x-demo-itl-ms': '20',
      },
      body: JSON.stringify({
        model: tenant.alias('chat'),
        stream: true,
        messages: [{ role: 'user', content: 'long' }],
      }),
    });
    // Read until at least three content deltas have arrived, then hang up.
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while ((text.match(/"content":"[^"]/g) ?? []).length < 3) {
      const { value } = await reader.read();
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const event = await waitForUsageEvent(redis, response.headers.get('x-request-id') ?? '');
    expect(event.outcome).toBe('client_disconnected');
    // The upstream never sent its usage: the gateway counted the tokens it forwarded itself.
    expect(event.tokenSource).toBe('estimated');
    expect(event.outputTokens).toBeGreaterThanOrEqual(3);
    expect(event.outputTokens).toBeLessThan(500);
    expect(event.inputTokens).toBeGreaterThan(0);
    // The upstream stream was cancelled, not left running to its 500th token.
    await expect.poll(() => upstream.stats.activeStreams, { timeout: 2_000 }).toBe(streamsBefore);
  });
});

describe('streaming mechanics', () => {
  it('streams raw SSE to curl -N as the upstream produces it', async () => {
    const { stdout } = await execFileAsync('curl', [
      '-sN',
      `${gateway.dataPlaneUrl}/v1/chat/completions`,
      '-H',
      `Authorization: Bearer ${tenant.apiKey}`,
      '-H',
      'content-type: application/json',
      '-d',
      JSON.stringify({
        model: tenant.alias('chat'),
        stream: true,
        messages: [{ role: 'user', content: 'curl' }],
      }),
    ]);
    const events = stdout.trim().split('\n\n');
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(
      events.filter((event) => event.includes('"content":"') && !event.includes('"content":""')),
    ).toHaveLength(12);
  });

  it('stops reading the upstream while the client does not read (backpressure), then delivers everything', async () => {
    // Large enough that loopback socket buffers (autotuned up to 32 MB per receiver here) cannot take the whole
    // reply: without backpressure the upstream finishes it in well under a second.
    const tokens = 200_000;
    const drainWaitsBefore = upstream.stats.drainWaits;
    const tokensBefore = upstream.stats.completionTokens;
    const response = await fetch(`${gateway.dataPlaneUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tenant.apiKey}`,
        'content-type': 'application/json',
        'x-demo-tokens': String(tokens),
      },
      body: JSON.stringify({
        model: tenant.alias('chat'),
        stream: true,
        messages: [{ role: 'user', content: 'lots' }],
      }),
    });
    // Not reading: the gateway must stop pulling, so the upstream's socket fills and it waits.
    await expect.poll(() => upstream.stats.drainWaits, { timeout: 10_000 }).toBeGreaterThan(drainWaitsBefore);
    // A second later the upstream is still held back, part of the way through the reply.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(upstream.stats.completionTokens - tokensBefore).toBeLessThan(tokens);
    const text = await response.text();
    expect((text.match(/"content":"[^"]/g) ?? []).length).toBe(tokens);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  }, 60_000);
});

describe('health', () => {
  it('serves liveness and readiness on both planes', async () => {
    for (const base of [gateway.dataPlaneUrl, gateway.controlPlaneUrl]) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: { postgres: { ok: true }, redis: { ok: true } },
      });
    }
  });
});
