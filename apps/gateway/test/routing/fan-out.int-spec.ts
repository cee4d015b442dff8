import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import { createTestTenant, ensureSlaTiers, setTenantPolicy, type TestTenant } from '../support/fixtures';
import {
  addTestRoute,
  chatCalls,
  openaiFailureOf,
  QUICK_UPSTREAM,
  startRoutingGateway,
  usageEventsOf,
} from '../support/routing-fixtures';
import { TEST_ENV } from '../support/test-env';
import type { RunningGateway } from '../../src/main';

// Multi-model fan-out through the official SDKs: compare (every model's answer) and first (a race whose losers
// are aborted), with one usage event per upstream call under `<request id>:<n>`.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
let gateway: RunningGateway;
const upstreams: Record<'first' | 'second' | 'slow' | 'failing', DemoUpstream> = {} as never;

beforeAll(async () => {
  upstreams.first = await startDemoUpstream(QUICK_UPSTREAM);
  upstreams.second = await startDemoUpstream(QUICK_UPSTREAM);
  upstreams.slow = await startDemoUpstream({ ...QUICK_UPSTREAM, ttftMs: 3_000 });
  upstreams.failing = await startDemoUpstream({ ...QUICK_UPSTREAM, errorRate: 1, errorCodes: [500] });
  gateway = await startRoutingGateway();
  await ensureSlaTiers(prisma);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all(Object.values(upstreams).map((upstream) => upstream.close()));
  await prisma.$disconnect();
  redis.disconnect();
});

type Models = { tenant: TestTenant; a: string; b: string; ids: Record<string, string>; openai: OpenAI };

/** A tenant with model `a` (deployment `a`) and model `b` (deployment `b`) on the given upstreams. */
async function models(
  aOn: keyof typeof upstreams,
  bOn: keyof typeof upstreams,
  options: { allowedModels?: 'a' } = {},
): Promise<Models> {
  const tenant = await createTestTenant(prisma, {
    allowedModels: options.allowedModels ? (alias) => [alias('a')] : undefined,
  });
  const [a, b] = [tenant.alias('a'), tenant.alias('b')];
  const ids = {
    ...(await addTestRoute(prisma, tenant, a, [{ name: 'a', url: upstreams[aOn].url }])),
    ...(await addTestRoute(prisma, tenant, b, [{ name: 'b', url: upstreams[bOn].url }])),
  };
  const openai = new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 });
  return { tenant, a, b, ids, openai };
}

const fanOut = (models: string, mode?: 'compare' | 'first') => ({
  headers: { 'x-llmguard-fan-out': models, ...(mode ? { 'x-llmguard-fan-out-mode': mode } : {}) },
});

type FanOutEntry = {
  model: string;
  status: number;
  deployment: string | null;
  response?: OpenAI.ChatCompletion;
  error?: unknown;
};

function entriesOf(completion: unknown): FanOutEntry[] {
  return (completion as { llmguard_fan_out: FanOutEntry[] }).llmguard_fan_out;
}

describe('fan-out, compare mode', () => {
  it("answers with the first model's response and every model's answer, metering each call once", async () => {
    const target = await models('first', 'second');
    const before = [chatCalls(upstreams.first), chatCalls(upstreams.second)];
    const { data, response } = await target.openai.chat.completions
      .create({ model: target.a, messages: [{ role: 'user', content: 'Tell me a story' }] }, fanOut(target.b))
      .withResponse();
    expect(response.headers.get('x-llmguard-fan-out-mode')).toBe('compare');
    expect(response.headers.get('x-llmguard-model')).toBe(target.a);
    expect(response.headers.get('x-llmguard-deployment')).toBe('a');
    const entries = entriesOf(data);
    expect(entries.map(({ model, status, deployment }) => ({ model, status, deployment }))).toEqual([
      { model: target.a, status: 200, deployment: 'a' },
      { model: target.b, status: 200, deployment: 'b' },
    ]);
    expect(data.choices[0]?.message.content).toBe(entries[0]?.response?.choices[0]?.message.content);
    expect(data.choices[0]?.message.content).toContain('You said: Tell me a story');
    expect([
      chatCalls(upstreams.first) - (before[0] ?? 0),
      chatCalls(upstreams.second) - (before[1] ?? 0),
    ]).toEqual([1, 1]);

    const requestId = response.headers.get('x-request-id') ?? '';
    const events = await usageEventsOf(redis, requestId, `${requestId}:1`);
    expect(events.map((event) => [event.requestId, event.model, event.deploymentId, event.outcome])).toEqual([
      [`${requestId}:1`, target.a, target.ids.a, 'success'],
      [`${requestId}:2`, target.b, target.ids.b, 'success'],
    ]);
    expect(events.map((event) => event.outputTokens)).toEqual(
      entries.map((entry) => entry.response?.usage?.completion_tokens),
    );
  });

  it("keeps the others' answers when one model fails, with that model's error in its entry", async () => {
    const target = await models('first', 'failing');
    const { data, response } = await target.openai.chat.completions
      .create({ model: target.a, messages: [{ role: 'user', content: 'Hi' }] }, fanOut(target.b, 'compare'))
      .withResponse();
    const [answered, failed] = entriesOf(data);
    expect(answered).toMatchObject({ model: target.a, status: 200 });
    expect(failed).toMatchObject({
      model: target.b,
      status: 500,
      deployment: 'b',
      error: { error: { type: 'server_error' } },
    });
    const requestId = response.headers.get('x-request-id') ?? '';
    const events = await usageEventsOf(redis, requestId, `${requestId}:2`);
    expect(events.map((event) => [event.requestId, event.status, event.outcome])).toEqual([
      [`${requestId}:1`, 200, 'success'],
      [`${requestId}:2`, 500, 'upstream_error'],
    ]);
  });

  it('works in the Anthropic format too', async () => {
    const target = await models('first', 'second');
    const anthropic = new Anthropic({
      apiKey: target.tenant.apiKey,
      baseURL: gateway.dataPlaneUrl,
      maxRetries: 0,
    });
    const message = await anthropic.messages.create(
      { model: target.a, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] },
      fanOut(target.b),
    );
    expect(message.type).toBe('message');
    const entries = (
      message as unknown as { llmguard_fan_out: { model: string; response: Anthropic.Message }[] }
    ).llmguard_fan_out;
    expect(entries.map((entry) => [entry.model, entry.response.type])).toEqual([
      [target.a, 'message'],
      [target.b, 'message'],
    ]);
  });

  it('refuses (400) to stream a compare, before calling anything', async () => {
    const target = await models('first', 'second');
    const before = chatCalls(upstreams.first);
    const failure = await openaiFailureOf(
      target.openai.chat.completions.create(
        { model: target.a, messages: [{ role: 'user', content: 'Hi' }], stream: true },
        fanOut(target.b),
      ),
    );
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure.message).toContain('cannot stream');
    expect(chatCalls(upstreams.first)).toBe(before);
  });
});

describe('fan-out, first mode', () => {
  it('answers with the first model to finish and aborts the other, metering only the call that answered', async () => {
    const target = await models('slow', 'second');
    const disconnectsBefore = upstreams.slow.stats.clientDisconnects;
    const started = performance.now();
    const { data, response } = await target.openai.chat.completions
      .create({ model: target.a, messages: [{ role: 'user', content: 'Hi' }] }, fanOut(target.b, 'first'))
      .withResponse();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.headers.get('x-llmguard-model')).toBe(target.b);
    expect(response.headers.get('x-llmguard-deployment')).toBe('b');
    expect(data.choices[0]?.message.content).toContain('You said: Hi');
    // The slow upstream sees its request aborted (a non-streaming wait abandoned), long before it would answer.
    await vi.waitFor(() => expect(upstreams.slow.stats.clientDisconnects).toBe(disconnectsBefore + 1), {
      timeout: 1_000,
    });
    const requestId = response.headers.get('x-request-id') ?? '';
    const events = await usageEventsOf(redis, requestId, `${requestId}:2`);
    expect(events.map((event) => [event.requestId, event.deploymentId, event.outcome])).toEqual([
      [`${requestId}:2`, target.ids.b, 'success'],
    ]);
  });

  it('streams the first model whose answer starts, and aborts the other', async () => {
    const target = await models('slow', 'second');
    const disconnectsBefore = upstreams.slow.stats.clientDisconnects;
    const { data: stream, response } = await target.openai.chat.completions
      .create(
        { model: target.a, messages: [{ role: 'user', content: 'Hi' }], stream: true },
        fanOut(target.b, 'first'),
      )
      .withResponse();
    expect(response.headers.get('x-llmguard-model')).toBe(target.b);
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('You said: Hi');
    await vi.waitFor(() => expect(upstreams.slow.stats.clientDisconnects).toBe(disconnectsBefore + 1), {
      timeout: 1_000,
    });
    const requestId = response.headers.get('x-request-id') ?? '';
    const events = await usageEventsOf(redis, requestId, `${requestId}:2`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      requestId: `${requestId}:2`,
      stream: true,
      tokenSource: 'upstream',
      outputTokens: 8,
    });
  });

  it('answers with the one that succeeds when the faster model fails', async () => {
    const target = await models('failing', 'second');
    const { response } = await target.openai.chat.completions
      .create({ model: target.a, messages: [{ role: 'user', content: 'Hi' }] }, fanOut(target.b, 'first'))
      .withResponse();
    expect(response.headers.get('x-llmguard-model')).toBe(target.b);
  });
});

describe('fan-out access and limits', () => {
  it('refuses the whole request (404 naming the model) when the key may not use one of the models', async () => {
    const target = await models('first', 'second', { allowedModels: 'a' });
    const before = [chatCalls(upstreams.first), chatCalls(upstreams.second)];
    const failure = await openaiFailureOf(
      target.openai.chat.completions.create(
        { model: target.a, messages: [{ role: 'user', content: 'Hi' }] },
        fanOut(target.b),
      ),
    );
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError);
    expect(failure.message).toContain(target.b);
    expect([chatCalls(upstreams.first), chatCalls(upstreams.second)]).toEqual(before);
  });

  it("admits each call against the tenant's limits: one refused call refuses the request before any call", async () => {
    const target = await models('first', 'second');
    await setTenantPolicy(prisma, target.tenant.tenantId, {
      rateLimits: { perModel: { [target.b]: { requestsPerMinute: 1 } } },
    });
    const ask = () =>
      target.openai.chat.completions.create(
        { model: target.a, messages: [{ role: 'user', content: 'Hi' }] },
        fanOut(target.b),
      );
    await ask();
    const before = chatCalls(upstreams.first);
    const failure = await openaiFailureOf(ask());
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure.message).toContain('requests per minute');
    expect(chatCalls(upstreams.first)).toBe(before);
  });
});
