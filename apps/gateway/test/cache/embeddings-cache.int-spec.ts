import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import {
  countPlainInput,
  embeddingVector,
  startDemoUpstream,
  type DemoUpstream,
} from '@llmguard/demo-upstream';
import type { PolicyDocumentInput } from '@llmguard/shared';
import type { RunningGateway } from '../../src/main';
import { addRoute, ensureSlaTiers } from '../support/fixtures';
import { QUICK_UPSTREAM, startRoutingGateway } from '../support/routing-fixtures';
import { TEST_ENV } from '../support/test-env';
import { waitForUsageEvent } from '../support/usage-stream';
import { cacheTenant, freshPrompt, upstreamCalls, type CacheTenant } from './cache-fixtures';

// /v1/embeddings: each input's vector is cached by hash (never sent upstream twice, a request mixing cached and new
// inputs sends only the new ones), per tenant; and concurrent requests to one deployment are batched into fewer
// upstream calls whose vectors and tokens are split back exactly.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
let gateway: RunningGateway;
let batchingGateway: RunningGateway;
let upstream: DemoUpstream;

beforeAll(async () => {
  upstream = await startDemoUpstream(QUICK_UPSTREAM);
  [gateway, batchingGateway] = await Promise.all([
    startRoutingGateway({ EMBEDDING_BATCH_WINDOW_MS: '0' }),
    startRoutingGateway({ EMBEDDING_BATCH_WINDOW_MS: '50' }),
  ]);
  await ensureSlaTiers(prisma);
}, 30_000);

afterAll(async () => {
  await Promise.all([gateway?.close(), batchingGateway?.close()]);
  await upstream?.close();
  await prisma.$disconnect();
  redis.disconnect();
});

const EMBEDDINGS = { cache: { embeddings: { enabled: true } } };

async function embeddingsTenant(
  on: RunningGateway,
  policy: PolicyDocumentInput = EMBEDDINGS,
): Promise<CacheTenant & { embed: string }> {
  const client = await cacheTenant(prisma, on, upstream, policy);
  const embed = client.tenant.alias('embed');
  await addRoute(prisma, client.tenant, {
    alias: embed,
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
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
    const client = await embeddingsTenant(gateway);
    const [a, b, c] = [freshPrompt('alpha'), freshPrompt('beta'), freshPrompt('gamma')];
    const tokensBefore = upstream.stats.promptTokens;
    const callsBefore = upstreamCalls(upstream, 'embeddings');

    const first = await embed(client, [a, b]);
    expect(first.status).toBe('miss');
    const mixed = await embed(client, [b, c, a], 'float');
    expect(mixed.status).toBe('partial');
    expect(upstream.stats.promptTokens - tokensBefore).toBe(countPlainInput([a, b, c]));
    const cached = await embed(client, [c, a]);
    expect(cached.status).toBe('exact');

    expect(upstreamCalls(upstream, 'embeddings') - callsBefore).toBe(2);
    expectVectors(first.vectors, [a, b]);
    expectVectors(mixed.vectors, [b, c, a]);
    expectVectors(cached.vectors, [c, a]);
    expect(mixed.usage.prompt_tokens).toBe(countPlainInput([b, c, a]));

    const mixedEvent = await waitForUsageEvent(redis, mixed.requestId);
    expect(mixedEvent).toMatchObject({
      cacheHit: 'none',
      inputTokens: countPlainInput([c]),
      cacheHitInputTokens: countPlainInput([a, b]),
    });
    const cachedEvent = await waitForUsageEvent(redis, cached.requestId);
    expect(cachedEvent).toMatchObject({
      cacheHit: 'exact',
      deploymentId: null,
      inputTokens: 0,
      cacheHitInputTokens: countPlainInput([c, a]),
      costMicros: 0,
    });
  });

  it('sends a text repeated within one request once', async () => {
    const client = await embeddingsTenant(gateway);
    const text = freshPrompt('twice');
    const tokensBefore = upstream.stats.promptTokens;
    const answer = await embed(client, [text, text]);
    expect(upstream.stats.promptTokens - tokensBefore).toBe(countPlainInput([text]));
    expectVectors(answer.vectors, [text, text]);
  });

  it('keeps the vectors of each tenant to itself', async () => {
    const first = await embeddingsTenant(gateway);
    const second = await embeddingsTenant(gateway);
    const text = freshPrompt('shared text');
    await embed(first, [text]);
    expect((await embed(first, [text])).status).toBe('exact');
    expect((await embed(second, [text])).status).toBe('miss');
  });

  it('is off without the policy (or the opt-in header)', async () => {
    const client = await embeddingsTenant(gateway, { cache: {} });
    const text = freshPrompt('uncached');
    const callsBefore = upstreamCalls(upstream, 'embeddings');
    await embed(client, [text]);
    await embed(client, [text]);
    expect(upstreamCalls(upstream, 'embeddings') - callsBefore).toBe(2);
  });
});

describe('dynamic batching', () => {
  it('gathers concurrent requests into fewer upstream calls and splits vectors and tokens back exactly', async () => {
    const client = await embeddingsTenant(batchingGateway, { cache: {} });
    const requests = Array.from({ length: 10 }, (_, index) =>
      Array.from({ length: 1 + (index % 3) }, (_, input) => freshPrompt(`batch ${index} input ${input}`)),
    );
    const callsBefore = upstreamCalls(upstream, 'embeddings');
    const tokensBefore = upstream.stats.promptTokens;
    const answers = await Promise.all(requests.map((inputs) => embed(client, inputs)));

    const calls = upstreamCalls(upstream, 'embeddings') - callsBefore;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(3);
    answers.forEach((answer, index) => {
      expectVectors(answer.vectors, requests[index] ?? []);
      expect(answer.usage.prompt_tokens).toBe(countPlainInput(requests[index]));
    });
    const events = await Promise.all(answers.map((answer) => waitForUsageEvent(redis, answer.requestId)));
    const billed = events.reduce((sum, event) => sum + event.inputTokens, 0);
    expect(billed).toBe(upstream.stats.promptTokens - tokensBefore);
  });
});
