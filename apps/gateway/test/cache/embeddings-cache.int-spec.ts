import { describe, expect, it } from 'vitest';
import { countPlainInput, embeddingVector } from '@llmguard/demo-upstream';
import type { PolicyDocumentInput } from '@llmguard/shared';
import { addRoute } from '../support/fixtures';
import { waitForUsageEvent } from '../support/usage-stream';
import { cacheTenant, freshPrompt, upstreamCalls, type CacheTenant, useCacheSuite } from './cache-fixtures';

// /v1/embeddings: each input's vector is cached by hash (never sent upstream twice, a request mixing cached and new
// inputs sends only the new ones), per tenant; and concurrent requests to one deployment are batched into fewer
// upstream calls whose vectors and tokens are split back exactly.

const suite = useCacheSuite([{ EMBEDDING_BATCH_WINDOW_MS: '0' }, { EMBEDDING_BATCH_WINDOW_MS: '50' }]);

const EMBEDDINGS = { cache: { embeddings: { enabled: true } } };

async function embeddingsTenant(
  on: number,
  policy: PolicyDocumentInput = EMBEDDINGS,
): Promise<CacheTenant & { embed: string }> {
  const client = await cacheTenant(suite, policy, { gateway: on });
  const embed = client.tenant.alias('embed');
  await addRoute(suite.prisma, client.tenant, {
    alias: embed,
    provider: 'openai',
    baseUrl: `${suite.upstream.url}/v1`,
    upstreamModel: 'text-embedding-3-small',
  });
  return { ...client, embed };
}

async function embed(
  client: CacheTenant & { embed: string },
  input: string[],
  encoding?: 'float' | 'base64',
) {
  const { data, response } = await client.openai.embeddings
    .create({ model: client.embed, input, ...(encoding ? { encoding_format: encoding } : {}) })
    .withResponse();
  return {
    vectors: data.data.map((item) => item.embedding),
    usage: data.usage,
    status: response.headers.get('x-llmguard-cache-status'),
    requestId: response.headers.get('x-request-id') ?? '',
  };
}

/** The vector the demo upstream makes for a text: what every answer must hold, cached or not. */
function expected(text: string): number[] {
  return Array.from(embeddingVector(text, 256));
}

function expectVectors(actual: number[][], texts: string[]): void {
  expect(actual).toHaveLength(texts.length);
  actual.forEach((vector, index) => {
    const want = expected(texts[index] ?? '');
    expect(vector).toHaveLength(want.length);
    vector.forEach((value, dimension) => expect(value).toBeCloseTo(want[dimension] ?? NaN, 6));
  });
}

describe('the embedding cache', () => {
  it('sends only the inputs it has no vector for, and answers fully cached requests without an upstream call', async () => {
    const client = await embeddingsTenant(0);
    const [a, b, c] = [freshPrompt('alpha'), freshPrompt('beta'), freshPrompt('gamma')];
    const tokensBefore = suite.upstream.stats.promptTokens;
    const callsBefore = upstreamCalls(suite, 'embeddings');

    const first = await embed(client, [a, b]);
    expect(first.status).toBe('miss');
    const mixed = await embed(client, [b, c, a], 'float');
    expect(mixed.status).toBe('partial');
    expect(suite.upstream.stats.promptTokens - tokensBefore).toBe(countPlainInput([a, b, c]));
    const cached = await embed(client, [c, a]);
    expect(cached.status).toBe('exact');

    expect(upstreamCalls(suite, 'embeddings') - callsBefore).toBe(2);
    expectVectors(first.vectors, [a, b]);
    expectVectors(mixed.vectors, [b, c, a]);
    expectVectors(cached.vectors, [c, a]);
    expect(mixed.usage.prompt_tokens).toBe(countPlainInput([b, c, a]));

    const mixedEvent = await waitForUsageEvent(suite.redis, mixed.requestId);
    expect(mixedEvent).toMatchObject({
      cacheHit: 'none',
      inputTokens: countPlainInput([c]),
      cacheHitInputTokens: countPlainInput([a, b]),
    });
    const cachedEvent = await waitForUsageEvent(suite.redis, cached.requestId);
    expect(cachedEvent).toMatchObject({
      cacheHit: 'exact',
      deploymentId: null,
      inputTokens: 0,
      cacheHitInputTokens: countPlainInput([c, a]),
      costMicros: 0,
    });
  });

  it('sends a text repeated within one request once', async () => {
    const client = await embeddingsTenant(0);
    const text = freshPrompt('twice');
    const tokensBefore = suite.upstream.stats.promptTokens;
    const answer = await embed(client, [text, text]);
    expect(suite.upstream.stats.promptTokens - tokensBefore).toBe(countPlainInput([text]));
    expectVectors(answer.vectors, [text, text]);
  });

  it('keeps the vectors of each tenant to itself', async () => {
    const first = await embeddingsTenant(0);
    const second = await embeddingsTenant(0);
    const text = freshPrompt('shared text');
    await embed(first, [text]);
    expect((await embed(first, [text])).status).toBe('exact');
    expect((await embed(second, [text])).status).toBe('miss');
  });

  it('is off without the policy (or the opt-in header)', async () => {
    const client = await embeddingsTenant(0, { cache: {} });
    const text = freshPrompt('uncached');
    const callsBefore = upstreamCalls(suite, 'embeddings');
    await embed(client, [text]);
    await embed(client, [text]);
    expect(upstreamCalls(suite, 'embeddings') - callsBefore).toBe(2);
  });
});

describe('dynamic batching', () => {
  it('gathers concurrent requests into fewer upstream calls and splits vectors and tokens back exactly', async () => {
    const client = await embeddingsTenant(1, { cache: {} });
    const requests = Array.from({ length: 10 }, (_, index) =>
      Array.from({ length: 1 + (index % 3) }, (_, input) => freshPrompt(`batch ${index} input ${input}`)),
    );
    const callsBefore = upstreamCalls(suite, 'embeddings');
    const tokensBefore = suite.upstream.stats.promptTokens;
    const answers = await Promise.all(requests.map((inputs) => embed(client, inputs)));

    const calls = upstreamCalls(suite, 'embeddings') - callsBefore;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(3);
    answers.forEach((answer, index) => {
      expectVectors(answer.vectors, requests[index] ?? []);
      expect(answer.usage.prompt_tokens).toBe(countPlainInput(requests[index]));
    });
    const events = await Promise.all(
      answers.map((answer) => waitForUsageEvent(suite.redis, answer.requestId)),
    );
    const billed = events.reduce((sum, event) => sum + event.inputTokens, 0);
    expect(billed).toBe(suite.upstream.stats.promptTokens - tokensBefore);
  });
});
