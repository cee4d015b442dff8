import { describe, expect, it } from 'vitest';
import { waitForUsageEvent } from '../support/usage-stream';
import { cacheTenant, freshPrompt, upstreamCalls, type CacheTenant, useCacheSuite } from './cache-fixtures';

// The exact answer cache, as clients see it through the official SDKs: a repeated request is answered from Redis
// (JSON or SSE, OpenAI or Anthropic format) without an upstream call, metered as a cache hit and billed per policy;
// the policy and the request headers decide what is cached; tenants never share answers; answers expire.

const suite = useCacheSuite();

const EXACT = { cache: { exact: { enabled: true, ttlSeconds: 600 } } };

async function ask(
  client: CacheTenant,
  content: string,
  options: { headers?: Record<string, string>; temperature?: number } = {},
) {
  const { data, response } = await client.openai.chat.completions
    .create(
      { model: client.chat, messages: [{ role: 'user', content }], temperature: options.temperature },
      { headers: options.headers },
    )
    .withResponse();
  return {
    text: data.choices[0]?.message.content,
    usage: data.usage,
    status: response.headers.get('x-llmguard-cache-status'),
    age: response.headers.get('age'),
    requestId: response.headers.get('x-request-id') ?? '',
    headers: response.headers,
  };
}

describe('a repeated chat completion', () => {
  it('is answered from the cache: same answer, no upstream call, metered as an exact hit and free by default', async () => {
    const client = await cacheTenant(suite, EXACT);
    const prompt = freshPrompt('What is a cache?');
    const before = upstreamCalls(suite, 'chat/completions');
    const first = await ask(client, prompt);
    const second = await ask(client, prompt);

    expect(upstreamCalls(suite, 'chat/completions') - before).toBe(1);
    expect([first.status, second.status]).toEqual(['miss', 'exact']);
    expect(second.text).toBe(first.text);
    expect(second.usage).toMatchObject({ prompt_tokens: first.usage?.prompt_tokens });
    expect(second.age).toMatch(/^\d+$/);

    const missEvent = await waitForUsageEvent(suite.redis, first.requestId);
    const hitEvent = await waitForUsageEvent(suite.redis, second.requestId);
    expect(missEvent).toMatchObject({ cacheHit: 'none', inputTokens: first.usage?.prompt_tokens });
    expect(missEvent.costMicros).toBeGreaterThan(0);
    expect(hitEvent).toMatchObject({
      cacheHit: 'exact',
      deploymentId: null,
      inputTokens: 0,
      outputTokens: 0,
      cacheHitInputTokens: missEvent.inputTokens,
      cacheHitOutputTokens: missEvent.outputTokens,
      cachePricePercent: 0,
      costMicros: 0,
      cacheSavedCostMicros: missEvent.costMicros,
    });
  });

  it("is billed at the policy's hitPricePercent of the full price, the rest counted as saved", async () => {
    const client = await cacheTenant(suite, {
      cache: { ...EXACT.cache, hitPricePercent: 50 },
    });
    const prompt = freshPrompt('Bill me half');
    const first = await ask(client, prompt);
    const second = await ask(client, prompt);
    const full = (await waitForUsageEvent(suite.redis, first.requestId)).costMicros;
    const hit = await waitForUsageEvent(suite.redis, second.requestId);
    expect(hit.cachePricePercent).toBe(50);
    expect(hit.costMicros).toBe(Math.ceil(full / 2));
    expect(hit.costMicros + (hit.cacheSavedCostMicros ?? 0)).toBe(full);
  });

  it('replays as an SSE stream to a streaming client, with the usage chunk when asked', async () => {
    const client = await cacheTenant(suite, EXACT);
    const prompt = freshPrompt('Stream it back');
    const first = await ask(client, prompt);
    const before = upstreamCalls(suite, 'chat/completions');
    const { data: stream, response } = await client.openai.chat.completions
      .create({
        model: client.chat,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    let text = '';
    let usage: { prompt_tokens: number } | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(response.headers.get('x-llmguard-cache-status')).toBe('exact');
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(text).toBe(first.text);
    expect(usage?.prompt_tokens).toBe(first.usage?.prompt_tokens);
    expect(upstreamCalls(suite, 'chat/completions')).toBe(before);
  });

  it('stores a streamed answer, which then answers a JSON request', async () => {
    const client = await cacheTenant(suite, EXACT);
    const prompt = freshPrompt('Streamed first');
    const stream = await client.openai.chat.completions.create({
      model: client.chat,
      messages: [{ role: 'user', content: prompt }],
      stream: true,
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    // The answer is stored once the stream has ended; give the write a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await ask(client, prompt);
    expect(again.status).toBe('exact');
    expect(again.text).toBe(streamed);
  });
});

describe('Anthropic messages', () => {
  it('are cached too, and replay as JSON and as a Messages stream through the Anthropic SDK', async () => {
    const client = await cacheTenant(suite, EXACT);
    const prompt = freshPrompt('Hello Claude');
    const request = {
      model: client.claude,
      max_tokens: 50,
      messages: [{ role: 'user' as const, content: prompt }],
    };
    const before = upstreamCalls(suite, 'messages');
    const first = await client.anthropic.messages.create(request);
    const { data: second, response } = await client.anthropic.messages.create(request).withResponse();
    const stream = client.anthropic.messages.stream(request);
    const streamed = await stream.finalMessage();
    const streamResponse = (await stream.withResponse()).response;

    expect(upstreamCalls(suite, 'messages') - before).toBe(1);
    expect(response.headers.get('x-llmguard-cache-status')).toBe('exact');
    expect(streamResponse.headers.get('x-llmguard-cache-status')).toBe('exact');
    expect(second.content).toEqual(first.content);
    expect(streamed.content).toEqual(first.content);
    expect(streamed.usage.output_tokens).toBe(first.usage.output_tokens);
    expect(streamed.stop_reason).toBe(first.stop_reason);
  });
});

describe('what is cached', () => {
  it('Cache-Control: no-cache goes upstream and stores the fresh answer; no-store is answered but not stored', async () => {
    const client = await cacheTenant(suite, EXACT);
    const prompt = freshPrompt('Revalidate');
    await ask(client, prompt);
    const before = upstreamCalls(suite, 'chat/completions');
    const fresh = await ask(client, prompt, { headers: { 'cache-control': 'no-cache' } });
    expect(fresh.status).toBe('miss');
    expect(upstreamCalls(suite, 'chat/completions') - before).toBe(1);
    expect((await ask(client, prompt, { headers: { 'cache-control': 'no-store' } })).status).toBe('exact');

    const unstored = freshPrompt('Never store me');
    await ask(client, unstored, { headers: { 'cache-control': 'no-store' } });
    expect((await ask(client, unstored)).status).toBe('miss');
  });

  it('x-llmguard-cache: on opts one request in without a policy, off keeps it out', async () => {
    const client = await cacheTenant(suite, undefined);
    const prompt = freshPrompt('Opt in');
    const on = { 'x-llmguard-cache': 'on' };
    expect((await ask(client, prompt)).status).toBeNull();
    expect((await ask(client, prompt, { headers: on })).status).toBe('miss');
    expect((await ask(client, prompt, { headers: on })).status).toBe('exact');
    // Without the header this tenant caches nothing, so nothing answers from the cache either.
    expect((await ask(client, prompt)).status).toBeNull();

    const cached = await cacheTenant(suite, EXACT);
    await ask(cached, prompt);
    expect((await ask(cached, prompt, { headers: { 'x-llmguard-cache': 'off' } })).status).toBeNull();
  });

  it("leaves out requests hotter than the policy's maxTemperature and requests with tools", async () => {
    const client = await cacheTenant(suite, {
      cache: { ...EXACT.cache, eligibility: { maxTemperature: 0.5 } },
    });
    const prompt = freshPrompt('Be creative');
    expect((await ask(client, prompt, { temperature: 0.9 })).status).toBe('bypass');
    expect((await ask(client, prompt, { temperature: 0.9 })).status).toBe('bypass');
    expect((await ask(client, prompt, { temperature: 0 })).status).toBe('miss');

    const { response } = await client.openai.chat.completions
      .create({
        model: client.chat,
        temperature: 0,
        messages: [{ role: 'user', content: prompt }],
        tools: [
          { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
        ],
      })
      .withResponse();
    expect(response.headers.get('x-llmguard-cache-status')).toBe('bypass');
  });

  it("keeps answers for the policy's TTL only", async () => {
    const client = await cacheTenant(suite, {
      cache: { exact: { enabled: true, ttlSeconds: 1 } },
    });
    const prompt = freshPrompt('Expire me');
    await ask(client, prompt);
    expect((await ask(client, prompt)).status).toBe('exact');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await ask(client, prompt)).status).toBe('miss');
  });

  it("answers only from entries younger than the request's max-age", async () => {
    const client = await cacheTenant(suite, EXACT);
    const prompt = freshPrompt('How old');
    await ask(client, prompt);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await ask(client, prompt, { headers: { 'cache-control': 'max-age=0' } })).status).toBe('miss');
    expect((await ask(client, prompt, { headers: { 'cache-control': 'max-age=60' } })).status).toBe('exact');
  });
});

describe('tenant isolation', () => {
  it("never answers one tenant with another tenant's cached answer to the same model and prompt", async () => {
    const aliases = { chat: `shared-chat-${Date.now()}`, claude: `shared-claude-${Date.now()}` };
    const first = await cacheTenant(suite, EXACT, { aliases });
    const second = await cacheTenant(suite, EXACT, { aliases });
    const prompt = freshPrompt('Same question, two tenants');
    await ask(first, prompt);
    expect((await ask(first, prompt)).status).toBe('exact');
    const before = upstreamCalls(suite, 'chat/completions');
    expect((await ask(second, prompt)).status).toBe('miss');
    expect(upstreamCalls(suite, 'chat/completions') - before).toBe(1);
  });
});

describe('limits', () => {
  it('counts a cached answer against request limits only: no token bucket, and a refusal once requests run out', async () => {
    const client = await cacheTenant(suite, {
      ...EXACT,
      rateLimits: { tenant: { requestsPerMinute: 3, tokensPerMinute: 100_000 } },
    });
    const prompt = freshPrompt('Count me');
    const miss = await ask(client, prompt);
    expect(miss.headers.get('x-ratelimit-limit-tokens')).toBe('100000');
    const hit = await ask(client, prompt);
    expect(hit.status).toBe('exact');
    expect(hit.headers.get('x-ratelimit-limit-tokens')).toBeNull();
    expect(hit.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await ask(client, prompt);
    const refused = await client.openai.chat.completions
      .create({ model: client.chat, messages: [{ role: 'user', content: prompt }] })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 429 });
  });
});
