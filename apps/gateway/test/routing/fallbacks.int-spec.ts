import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream, type DemoUpstreamOptions } from '@llmguard/demo-upstream';
import type { RunningGateway } from '../../src/main';
import { createTestTenant, ensureSlaTiers, setTenantPolicy, type TestTenant } from '../support/fixtures';
import { TEST_ENV } from '../support/test-env';
import { addTestRoute, chatCalls, startRoutingGateway, usageEventsOf } from '../support/routing-fixtures';

// Several demo-upstream replicas behind one gateway, some with injected failures. Each test builds its own tenant
// and route (fresh deployments, so fresh circuit breakers) with the replicas in priority order.

const HALF_OPEN_MS = 600;
const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
let gateway: RunningGateway;
const replicas: Record<string, DemoUpstream> = {};
/** An upstream whose window is too small for every prompt: OpenAI's context-length error. */
let tooSmall: Server;
let tooSmallUrl: string;

beforeAll(async () => {
  const quick = { port: 0, ttftMs: 0, itlMs: 0, tokens: 8 };
  replicas.healthy = await startDemoUpstream(quick);
  replicas.spare = await startDemoUpstream(quick);
  replicas.failing = await startDemoUpstream({ ...quick, errorRate: 1, errorCodes: [500] });
  replicas.throttled = await startDemoUpstream({ ...quick, errorRate: 1, errorCodes: [429] });
  replicas.slow = await startDemoUpstream({ ...quick, ttftMs: 5_000 });
  replicas.cut = await startDemoUpstream({
    ...quick,
    tokens: 20,
    itlMs: 5,
    disconnectRate: 1,
    disconnectAfter: 3,
  });
  gateway = await startRoutingGateway({
    ROUTING_BREAKER_CONSECUTIVE_FAILURES: '3',
    ROUTING_BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_MS),
  });
  await ensureSlaTiers(prisma);
  tooSmall = createServer((_request, response) => {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: {
          message:
            "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      }),
    );
  });
  await new Promise<void>((resolve) => tooSmall.listen(0, '127.0.0.1', resolve));
  tooSmallUrl = `http://127.0.0.1:${(tooSmall.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all(Object.values(replicas).map((replica) => replica.close()));
  tooSmall?.close();
  await prisma.$disconnect();
  redis.disconnect();
});

type DeploymentSpec = {
  /** The deployment's name: a replica's key, 'refused' (nothing listens), or any name with its own url. */
  replica: string;
  url?: string;
  tags?: string[];
  timeouts?: Record<string, number>;
  maxConcurrentRequests?: number;
};

type TestRoute = { alias: string; ids: Record<string, string>; tenant: TestTenant; openai: OpenAI };

/** A new tenant with one route whose deployments are the given replicas, tried in this order. */
async function route(...specs: DeploymentSpec[]): Promise<TestRoute> {
  const tenant = await createTestTenant(prisma);
  const alias = tenant.alias('fallback');
  const ids = await addTestRoute(
    prisma,
    tenant,
    alias,
    specs.map(({ replica, url, ...spec }) => ({
      ...spec,
      name: replica,
      url: url ?? (replica === 'refused' ? 'http://127.0.0.1:9' : (replicas[replica]?.url ?? '')),
    })),
  );
  const openai = new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 });
  return { alias, ids, tenant, openai };
}

async function ask({ alias, openai }: TestRoute) {
  const { data, response } = await openai.chat.completions
    .create({ model: alias, messages: [{ role: 'user', content: 'Hi' }] })
    .withResponse();
  return {
    data,
    requestId: response.headers.get('x-request-id') ?? '',
    deployment: response.headers.get('x-llmguard-deployment'),
    attempts: Number(response.headers.get('x-llmguard-attempts')),
  };
}

function heal(replica: DemoUpstream): void {
  (replica.options as DemoUpstreamOptions).errorRate = 0;
}

describe('fallbacks', () => {
  it('retries a 500 once with backoff, then answers from the next priority, metered once on that deployment', async () => {
    const target = await route({ replica: 'failing' }, { replica: 'healthy' });
    const errorsBefore = replicas.failing!.stats.injectedErrors;
    const answer = await ask(target);
    expect(answer.deployment).toBe('healthy');
    expect(answer.attempts).toBe(3);
    expect(replicas.failing!.stats.injectedErrors - errorsBefore).toBe(2);
    const events = await usageEventsOf(redis, answer.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      deploymentId: target.ids.healthy,
      status: 200,
      outcome: 'success',
      inputTokens: answer.data.usage?.prompt_tokens,
      outputTokens: answer.data.usage?.completion_tokens,
    });
  });

  it('moves on at once from a 429 and from a refused connection (after one retry)', async () => {
    const throttled = await route({ replica: 'throttled' }, { replica: 'healthy' });
    expect(await ask(throttled)).toMatchObject({ deployment: 'healthy', attempts: 2 });
    const refused = await route({ replica: 'refused' }, { replica: 'healthy' });
    expect(await ask(refused)).toMatchObject({ deployment: 'healthy', attempts: 3 });
  });

  it('falls back when the first deployment sends nothing within its first-byte timeout', async () => {
    const target = await route({ replica: 'slow', timeouts: { firstByteMs: 200 } }, { replica: 'healthy' });
    const started = performance.now();
    expect(await ask(target)).toMatchObject({ deployment: 'healthy', attempts: 2 });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('never retries a stream once bytes reached the client: the cut stream ends with an error event', async () => {
    const target = await route({ replica: 'cut' }, { replica: 'spare' });
    const spareBefore = replicas.spare!.stats.requests;
    const { data: stream, response } = await target.openai.chat.completions
      .create({ model: target.alias, messages: [{ role: 'user', content: 'Hi' }], stream: true })
      .withResponse();
    expect(response.headers.get('x-llmguard-deployment')).toBe('cut');
    let deltas = 0;
    await expect(
      (async () => {
        for await (const chunk of stream) if (chunk.choices[0]?.delta.content) deltas += 1;
      })(),
    ).rejects.toThrow(/stopped in the middle of the stream/);
    expect(deltas).toBeGreaterThan(0);
    expect(replicas.spare!.stats.requests).toBe(spareBefore);
    const events = await usageEventsOf(redis, response.headers.get('x-request-id') ?? '');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ deploymentId: target.ids.cut, outcome: 'upstream_error' });
  });

  it('sends a context-length error only to a deployment with a known larger window', async () => {
    const small = { replica: 'small', url: tooSmallUrl, tags: ['context:8192'] };
    const target = await route(small, { replica: 'healthy' }, { replica: 'spare', tags: ['context:128000'] });
    expect(await ask(target)).toMatchObject({ deployment: 'spare', attempts: 2 });
    // No deployment with a larger known window: the upstream's own 400 goes back, not retried.
    const nowhere = await route(small, { replica: 'healthy' });
    const failure = (await nowhere.openai.chat.completions
      .create({ model: nowhere.alias, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure.code).toBe('context_length_exceeded');
    expect(failure.headers?.get('x-llmguard-attempts')).toBe('1');
  });

  it('keeps deployment slots right across attempts: the failed deployment gets its slot back', async () => {
    const target = await route(
      { replica: 'failing', maxConcurrentRequests: 1 },
      { replica: 'healthy', maxConcurrentRequests: 1 },
    );
    const started = performance.now();
    // A slot kept by a failed attempt would make the next request queue behind it (30 s by default).
    for (let i = 0; i < 3; i += 1) expect((await ask(target)).deployment).toBe('healthy');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("gives the first deployment's error back when the tenant's policy turns fallbacks off", async () => {
    const target = await route({ replica: 'failing' }, { replica: 'healthy' });
    await setTenantPolicy(prisma, target.tenant.tenantId, { routing: { fallbacks: { enabled: false } } });
    const failure = await target.openai.chat.completions
      .create({ model: target.alias, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).headers?.get('x-llmguard-attempts')).toBe('2');
  });
});

describe('circuit breaker', () => {
  it('opens after 3 failures, skips the deployment, and closes through a half-open probe once it heals', async () => {
    const failing = await startDemoUpstream({
      port: 0,
      ttftMs: 0,
      itlMs: 0,
      tokens: 4,
      errorRate: 1,
      errorCodes: [503],
    });
    replicas.flaky = failing;
    const target = await route({ replica: 'flaky' }, { replica: 'healthy' });
    expect(await ask(target)).toMatchObject({ deployment: 'healthy', attempts: 3 });
    // The third failure opens the circuit; the retry it would have earned is not made.
    expect(await ask(target)).toMatchObject({ deployment: 'healthy', attempts: 2 });
    expect(chatCalls(failing)).toBe(3);
    for (let i = 0; i < 5; i += 1)
      expect(await ask(target)).toMatchObject({ deployment: 'healthy', attempts: 1 });
    expect(chatCalls(failing)).toBe(3);
    heal(failing);
    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_MS + 50));
    expect(await ask(target)).toMatchObject({ deployment: 'flaky', attempts: 1 });
    expect(await ask(target)).toMatchObject({ deployment: 'flaky', attempts: 1 });
    expect(chatCalls(failing)).toBe(5);
  });

  it('keeps an unreachable deployment out after its half-open period without spending a client request on it', async () => {
    const target = await route({ replica: 'refused' }, { replica: 'healthy' });
    expect(await ask(target)).toMatchObject({ deployment: 'healthy', attempts: 3 });
    expect(await ask(target)).toMatchObject({ deployment: 'healthy', attempts: 2 });
    // The active probe (GET /models) found nothing listening when the circuit was due to half-open.
    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_MS + 200));
    expect(await ask(target)).toMatchObject({ deployment: 'healthy', attempts: 1 });
  });

  it('answers 503 naming the model, with retry-after, when every deployment is out (OpenAI and Anthropic shapes)', async () => {
    const down = await startDemoUpstream({
      port: 0,
      ttftMs: 0,
      itlMs: 0,
      tokens: 4,
      errorRate: 1,
      errorCodes: [500],
    });
    replicas.down = down;
    const target = await route({ replica: 'down' });
    for (let i = 0; i < 2; i += 1) {
      await expect(
        target.openai.chat.completions.create({
          model: target.alias,
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    }
    const requestsWhenOpen = chatCalls(down);
    const failure = (await target.openai.chat.completions
      .create({ model: target.alias, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(failure.status).toBe(503);
    expect(failure.message).toContain(`Every deployment of the model \`${target.alias}\``);
    expect(Number(failure.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const anthropic = new Anthropic({
      apiKey: target.tenant.apiKey,
      baseURL: gateway.dataPlaneUrl,
      maxRetries: 0,
    });
    const anthropicFailure = (await anthropic.messages
      .create({ model: target.alias, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error)) as InstanceType<typeof Anthropic.APIError>;
    expect(anthropicFailure.status).toBe(503);
    expect(anthropicFailure.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(chatCalls(down)).toBe(requestsWhenOpen);
  });
});
