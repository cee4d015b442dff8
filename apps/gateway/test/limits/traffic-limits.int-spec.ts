import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream } from '@llmguard/demo-upstream';
import { spendCounterKey, spendMonthOf, type PolicyDocumentInput } from '@llmguard/shared';
import { startGateway } from '../../src/main';
import {
  addRoute,
  createTestTenant,
  ensureSlaTiers,
  setTenantPolicy,
  type TestTenant,
} from '../support/fixtures';
import { TEST_ENV } from '../support/test-env';

// Limits through the whole data plane with the official SDKs: headers on every answer, a 429 that names the
// limit, exact accuracy with two gateway instances and 200 concurrent clients, budgets.

const OUTPUT_TOKENS = 16;
const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
let upstream: Awaited<ReturnType<typeof startDemoUpstream>>;
let gateways: Awaited<ReturnType<typeof startGateway>>[] = [];

beforeAll(async () => {
  upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: OUTPUT_TOKENS });
  gateways = await Promise.all(
    [1, 2].map(() =>
      startGateway({ ...TEST_ENV, NODE_ENV: 'test', GATEWAY_PLANES: 'data', DATA_PLANE_PORT: '0' }),
    ),
  );
  await ensureSlaTiers(prisma);
}, 30_000);

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await upstream?.close();
  await prisma.$disconnect();
  redis.disconnect();
});

async function tenantWith(
  policy: PolicyDocumentInput | ((tenant: TestTenant) => PolicyDocumentInput),
): Promise<TestTenant> {
  const tenant = await createTestTenant(prisma);
  await addRoute(prisma, tenant, {
    alias: tenant.alias('chat'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });
  await addRoute(prisma, tenant, {
    alias: tenant.alias('claude'),
    provider: 'anthropic',
    baseUrl: upstream.url,
  });
  await setTenantPolicy(prisma, tenant.tenantId, typeof policy === 'function' ? policy(tenant) : policy);
  return tenant;
}

function openai(tenant: TestTenant, gateway = 0): OpenAI {
  return new OpenAI({
    apiKey: tenant.apiKey,
    baseURL: `${gateways[gateway]!.dataPlaneUrl}/v1`,
    maxRetries: 0,
  });
}

const chat = (tenant: TestTenant, gateway = 0) =>
  openai(tenant, gateway)
    .chat.completions.create({
      model: tenant.alias('chat'),
      max_tokens: OUTPUT_TOKENS,
      messages: [{ role: 'user', content: 'Hello there' }],
    })
    .withResponse();

describe('rate-limit headers and refusals', () => {
  it("reports the tightest request and token buckets in OpenAI's x-ratelimit-* headers", async () => {
    const tenant = await tenantWith({
      rateLimits: {
        tenant: { requestsPerMinute: 100, tokensPerMinute: 10_000 },
        perKey: { requestsPerMinute: 10 },
      },
    });
    const { data, response } = await chat(tenant);
    const used = data.usage!.prompt_tokens + data.usage!.completion_tokens;
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('10');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('9');
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('6s');
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('10000');
    // Reserved at admission: the estimated prompt plus max_tokens (settled afterwards).
    const remaining = Number(response.headers.get('x-ratelimit-remaining-tokens'));
    expect(10_000 - remaining).toBeGreaterThanOrEqual(OUTPUT_TOKENS);
    expect(10_000 - remaining).toBeLessThan(used + 20);
  });

  it("speaks Anthropic's anthropic-ratelimit-* headers on /v1/messages", async () => {
    const tenant = await tenantWith({
      rateLimits: {
        perKey: { requestsPerMinute: 5, inputTokensPerMinute: 5_000, outputTokensPerMinute: 1_000 },
      },
    });
    const anthropic = new Anthropic({
      apiKey: tenant.apiKey,
      baseURL: gateways[0]!.dataPlaneUrl,
      maxRetries: 0,
    });
    const { response } = await anthropic.messages
      .create({
        model: tenant.alias('claude'),
        max_tokens: OUTPUT_TOKENS,
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .withResponse();
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toBe('5');
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('4');
    expect(Date.parse(response.headers.get('anthropic-ratelimit-requests-reset') ?? '')).toBeGreaterThan(
      Date.now(),
    );
    expect(response.headers.get('anthropic-ratelimit-input-tokens-limit')).toBe('5000');
    expect(response.headers.get('anthropic-ratelimit-output-tokens-limit')).toBe('1000');
    expect(response.headers.get('anthropic-ratelimit-output-tokens-remaining')).toBe(
      String(1_000 - OUTPUT_TOKENS),
    );
  });

  it('refuses past the limit with a 429 naming it, retry-after, and the headers, in both wire formats', async () => {
    const tenant = await tenantWith({ rateLimits: { perKey: { requestsPerMinute: 2 } } });
    await chat(tenant);
    await chat(tenant, 1); // the other instance shares the bucket
    const refused = await chat(tenant).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    const error = refused as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error.message).toMatch(
      /Rate limit reached for requests per minute of this API key: limit 2, remaining 0/,
    );
    expect(error.message).toMatch(/try again in \d+(\.\d+)?s/);
    expect(Number(error.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(error.headers.get('x-ratelimit-remaining-requests')).toBe('0');

    const anthropic = new Anthropic({
      apiKey: tenant.apiKey,
      baseURL: gateways[1]!.dataPlaneUrl,
      maxRetries: 0,
    });
    const anthropicRefusal = await anthropic.messages
      .create({ model: tenant.alias('claude'), max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(anthropicRefusal).toBeInstanceOf(Anthropic.RateLimitError);
    expect((anthropicRefusal as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
    });
  });

  it('refuses a request larger than the token limit outright, saying so', async () => {
    const tenant = await tenantWith({ rateLimits: { tenant: { tokensPerMinute: 100 } } });
    const refused = await openai(tenant)
      .chat.completions.create({
        model: tenant.alias('chat'),
        max_tokens: 500,
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as Error).message).toMatch(
      /Request too large for tokens per minute of your tenant: it needs \d+ and the limit is 100/,
    );
  });

  it("applies a key's own overrides, tighter than the policy", async () => {
    const tenant = await tenantWith({ rateLimits: { perKey: { requestsPerMinute: 50 } } });
    await prisma.apiKey.update({
      where: { id: tenant.apiKeyId },
      data: { limitOverrides: { rateLimits: { requestsPerMinute: 1 } } },
    });
    await chat(tenant);
    const refused = await chat(tenant).catch((error: unknown) => error);
    expect((refused as Error).message).toMatch(/requests per minute of this API key: limit 1,/);
  });

  it("counts a key's requests per model apart from its other models", async () => {
    const tenant = await tenantWith((created) => ({
      rateLimits: { perKeyPerModel: { [created.alias('chat')]: { requestsPerMinute: 1 } } },
    }));
    await chat(tenant);
    await expect(chat(tenant)).rejects.toThrow(/of this API key on the model `chat-/);
    const anthropic = new Anthropic({
      apiKey: tenant.apiKey,
      baseURL: gateways[0]!.dataPlaneUrl,
      maxRetries: 0,
    });
    await expect(
      anthropic.messages.create({
        model: tenant.alias('claude'),
        max_tokens: 4,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    ).resolves.toBeDefined();
  });

  it('counts per end user (the `user` field) separately', async () => {
    const tenant = await tenantWith({ rateLimits: { perEndUser: { requestsPerMinute: 1 } } });
    const ask = (user: string) =>
      openai(tenant).chat.completions.create({
        model: tenant.alias('chat'),
        max_tokens: 4,
        user,
        messages: [{ role: 'user', content: 'Hi' }],
      });
    await ask('alice');
    await ask('bob');
    await expect(ask('alice')).rejects.toThrow(/end user `alice`/);
  });
});

describe('accuracy with two gateway instances and 200 concurrent clients', () => {
  // Each client sends requests until its first 429; clients alternate between the two instances. A GCRA bucket
  // refills continuously, so a per-minute limit of N allows N·(1 + t/60) over a test of t seconds: per-day limits
  // (same code, a refill of 0.02 % over such a test) check "within 1 % of N" exactly, a per-minute one checks the
  // bounds N ≤ admitted ≤ N·(1 + t/60).
  const CLIENTS = 200;

  async function flood(tenant: TestTenant) {
    let requests = 0;
    let tokens = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (;;) {
          try {
            const { data } = await chat(tenant, client % 2);
            requests += 1;
            tokens += data.usage!.prompt_tokens + data.usage!.completion_tokens;
          } catch (error) {
            if (error instanceof OpenAI.RateLimitError) return;
            throw error;
          }
        }
      }),
    );
    return { requests, tokens, minutes: (performance.now() - started) / 60_000 };
  }

  it('admits tokens within 1 % of a tokens-per-day limit', async () => {
    const N = 8_000;
    const { tokens } = await flood(await tenantWith({ rateLimits: { tenant: { tokensPerDay: N } } }));
    expect(Math.abs(tokens - N) / N).toBeLessThanOrEqual(0.01);
  }, 120_000);

  it('admits requests within 1 % of a requests-per-day limit', async () => {
    const N = 400;
    const { requests } = await flood(await tenantWith({ rateLimits: { perKey: { requestsPerDay: N } } }));
    expect(Math.abs(requests - N) / N).toBeLessThanOrEqual(0.01);
  }, 120_000);

  it('admits N tokens of a tokens-per-minute limit, and no more than what refilled meanwhile', async () => {
    const N = 5_000;
    const { tokens, minutes } = await flood(
      await tenantWith({ rateLimits: { tenant: { tokensPerMinute: N } } }),
    );
    expect(tokens).toBeGreaterThanOrEqual(N * 0.99);
    expect(tokens).toBeLessThanOrEqual(N * (1 + minutes) * 1.01);
  }, 120_000);
});

describe('budgets', () => {
  async function spend(tenant: TestTenant, micros: number) {
    const key = TEST_ENV.REDIS_KEY_PREFIX + spendCounterKey(tenant.tenantId, 'm', spendMonthOf(new Date()));
    await redis.set(key, String(micros), 'EX', 3_600);
  }

  it("blocks at a monthly cap with OpenAI's insufficient_quota once the worker's counter reaches it", async () => {
    const tenant = await tenantWith({ budgets: { monthlyCapMicros: 2_000_000, action: 'block' } });
    await spend(tenant, 1_999_999);
    await chat(tenant);
    await spend(tenant, 2_000_000);
    const refused = await chat(tenant).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    const error = refused as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error.code ?? error.type).toMatch(/insufficient_quota|budget_exceeded/);
    expect(error.message).toMatch(/your tenant's monthly spend cap of \$2\.00/);
    expect(Number(error.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('only warns at a cap whose action is alert', async () => {
    const tenant = await tenantWith({ budgets: { monthlyCapMicros: 1_000_000, action: 'alert' } });
    await spend(tenant, 5_000_000);
    const { response } = await chat(tenant);
    expect(response.headers.get('x-llmguard-budget-warning')).toBe('tenant-month-cap-reached');
  });

  it("blocks at a key's own monthly budget", async () => {
    const tenant = await tenantWith({});
    await prisma.apiKey.update({
      where: { id: tenant.apiKeyId },
      data: { limitOverrides: { budgets: { monthlyMicros: 10 } } },
    });
    const key =
      TEST_ENV.REDIS_KEY_PREFIX +
      spendCounterKey(tenant.tenantId, 'm', spendMonthOf(new Date()), tenant.apiKeyId);
    await redis.set(key, '10', 'EX', 3_600);
    await expect(chat(tenant)).rejects.toThrow(/this API key's monthly spend cap/);
  });
});
