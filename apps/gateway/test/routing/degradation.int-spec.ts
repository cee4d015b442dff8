import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import type { PolicyDocumentInput } from '@llmguard/shared';
import type { RunningGateway } from '../../src/main';
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

// routing.degradation when every deployment of a route is down: the declared fallback model serves instead, under
// the same rules (data sensitivity included), or the client gets the 503 naming the model it asked for.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
let gateway: RunningGateway;
let healthy: DemoUpstream;
let failing: DemoUpstream;

beforeAll(async () => {
  healthy = await startDemoUpstream(QUICK_UPSTREAM);
  failing = await startDemoUpstream({ ...QUICK_UPSTREAM, errorRate: 1, errorCodes: [500] });
  gateway = await startRoutingGateway({
    ROUTING_BREAKER_CONSECUTIVE_FAILURES: '3',
    // Circuits that open stay open for the rest of the suite.
    ROUTING_BREAKER_HALF_OPEN_AFTER_MS: '600000',
    ROUTING_HEALTH_PROBES: 'false',
  });
  await ensureSlaTiers(prisma);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([healthy, failing].map((upstream) => upstream?.close()));
  await prisma.$disconnect();
  redis.disconnect();
});

type Setup = { tenant: TestTenant; big: string; small: string; ids: Record<string, string>; openai: OpenAI };

/** A tenant with a model `big` whose only deployment fails, and a model `small` served by `smallUrl`. */
async function setup(
  policy: (small: string) => PolicyDocumentInput,
  options: { smallUrl?: string; bigTags?: string[]; smallTags?: string[] } = {},
): Promise<Setup> {
  const tenant = await createTestTenant(prisma);
  const big = tenant.alias('big');
  const small = tenant.alias('small');
  await setTenantPolicy(prisma, tenant.tenantId, policy(small));
  const ids = {
    ...(await addTestRoute(prisma, tenant, big, [{ name: 'big', url: failing.url, tags: options.bigTags }])),
    ...(await addTestRoute(prisma, tenant, small, [
      { name: 'small', url: options.smallUrl ?? healthy.url, tags: options.smallTags },
    ])),
  };
  const openai = new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 });
  return { tenant, big, small, ids, openai };
}

async function ask({ openai, big }: Setup, content = 'Hi') {
  const { data, response } = await openai.chat.completions
    .create({ model: big, messages: [{ role: 'user', content }] })
    .withResponse();
  const header = (name: string) => response.headers.get(name);
  return {
    data,
    requestId: header('x-request-id') ?? '',
    deployment: header('x-llmguard-deployment'),
    degraded: header('x-llmguard-degraded'),
    model: header('x-llmguard-model'),
    attempts: Number(header('x-llmguard-attempts')),
  };
}

/** How a request for `big` fails. */
function refusalOf({ openai, big }: Setup, content = 'Hi') {
  return openaiFailureOf(
    openai.chat.completions.create({ model: big, messages: [{ role: 'user', content }] }),
  );
}

describe('degradation to a fallback model', () => {
  it('serves the fallback model once every attempt failed, then without calling the route while its circuit is open', async () => {
    const target = await setup((small) => ({ routing: { degradation: { fallbackModel: small } } }));
    const failingBefore = chatCalls(failing);
    const first = await ask(target);
    expect(first).toMatchObject({
      deployment: 'small',
      degraded: 'fallback-model',
      model: target.small,
      attempts: 3,
    });
    expect(first.data.choices[0]?.message.content).toBeTruthy();
    expect(chatCalls(failing) - failingBefore).toBe(2);
    // The third failure in a row opens the circuit; from then on the route stage degrades before any call.
    expect(await ask(target)).toMatchObject({ deployment: 'small', degraded: 'fallback-model' });
    const callsWhenOpen = chatCalls(failing);
    const third = await ask(target);
    expect(third).toMatchObject({
      deployment: 'small',
      degraded: 'fallback-model',
      model: target.small,
      attempts: 1,
    });
    expect(chatCalls(failing)).toBe(callsWhenOpen);

    // The variant is the fallback model's deployment, on its own route.
    const smallRoute = await prisma.deployment.findUniqueOrThrow({ where: { id: target.ids.small } });
    for (const answer of [first, third]) {
      const events = await usageEventsOf(redis, answer.requestId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        model: target.small,
        degradedFrom: target.big,
        deploymentId: target.ids.small,
        routeId: smallRoute.routeId,
        variant: 'small',
        status: 200,
        outcome: 'success',
        inputTokens: answer.data.usage?.prompt_tokens,
      });
    }
  });

  it('answers 503 naming the model asked for when the policy declares no degradation', async () => {
    const target = await setup(() => ({}));
    const healthyBefore = chatCalls(healthy);
    // Two requests (a call and its retry each) open the circuit; the third is refused by the route stage.
    for (let i = 0; i < 2; i += 1) {
      expect(await refusalOf(target)).toBeInstanceOf(OpenAI.InternalServerError);
    }
    const failure = await refusalOf(target);
    expect(failure.status).toBe(503);
    expect(failure.message).toContain(`Every deployment of the model \`${target.big}\``);
    expect(failure.headers?.get('x-llmguard-degraded')).toBeNull();
    expect(chatCalls(healthy)).toBe(healthyBefore);
  });

  it('answers 503 naming the model asked for when its fallback model is down too', async () => {
    const target = await setup((small) => ({ routing: { degradation: { fallbackModel: small } } }), {
      smallUrl: failing.url,
    });
    // Both circuits open: `big` after three failures, `small` (tried as the fallback) after three more.
    for (let i = 0; i < 3; i += 1) {
      await refusalOf(target);
    }
    const callsWhenOpen = chatCalls(failing);
    const failure = await refusalOf(target);
    expect(failure.status).toBe(503);
    expect(failure.message).toContain(`Every deployment of the model \`${target.big}\``);
    expect(chatCalls(failing)).toBe(callsWhenOpen);
  });

  it('holds the fallback model to data sensitivity: a PII prompt is never degraded to a cloud model', async () => {
    const target = await setup(
      (small) => ({
        routing: { sensitiveData: { piiLocalOnly: true }, degradation: { fallbackModel: small } },
      }),
      { bigTags: ['local'], smallTags: ['cloud'] },
    );
    const healthyBefore = chatCalls(healthy);
    const failure = await refusalOf(target, 'Summarise the file of jane.doe@example.com');
    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failure.headers?.get('x-llmguard-deployment')).toBe('big');
    expect(chatCalls(healthy)).toBe(healthyBefore);
    // Without personal data the same request may leave the premises, and is degraded.
    expect(await ask(target, 'Summarise the weather')).toMatchObject({
      deployment: 'small',
      degraded: 'fallback-model',
    });
  });
});
