import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import type { RouteVariant, RouteVariantsResponse, RouteView } from '@llmguard/shared';
import type { ApiClient } from '../control-plane/support/api-client';
import {
  startControlPlane,
  uniqueTag,
  type ControlPlaneHarness,
} from '../control-plane/support/control-plane-harness';
import { addMember } from '../control-plane/support/members';
import type { AppProcess } from '../support/app-process';
import { startBillingWorker } from '../support/billing-worker-process';
import { setTenantPolicy } from '../support/fixtures';
import { TEST_ENV } from '../support/test-env';

// An A/B test from the clients to the report: a weighted route over three demo-upstream replicas (fast, slow, and
// fast but failing 30% of calls), one request per end user through the openai SDK, the usage events through the real
// stream and billing worker, then the variants report as a viewer reads it. The report must agree exactly with what
// the clients saw per deployment (requests, 5xx, tokens, cost), split traffic by the weights, and show the latency
// and error differences in the right direction.

const USERS = 240;
const SLOW_TTFT_MS = 150;
const QUICK = { port: 0, ttftMs: 0, itlMs: 0, tokens: 8 } as const;

let harness: ControlPlaneHarness;
let worker: AppProcess | undefined;
const replicas: Record<'fast' | 'slow' | 'flaky', DemoUpstream> = {} as never;

beforeAll(async () => {
  replicas.fast = await startDemoUpstream(QUICK);
  replicas.slow = await startDemoUpstream({ ...QUICK, ttftMs: SLOW_TTFT_MS });
  replicas.flaky = await startDemoUpstream({ ...QUICK, errorRate: 0.3, errorCodes: [500] });
  // Each failure reaches the client and its usage event: no retry, no breaker opening at a 30% error rate.
  harness = await startControlPlane({
    ROUTING_RETRIES_PER_DEPLOYMENT: '0',
    ROUTING_BREAKER_CONSECUTIVE_FAILURES: '1000',
    ROUTING_BREAKER_ERROR_RATE: '0.99',
    ROUTING_HEALTH_PROBES: 'false',
  });
  worker = await startBillingWorker({
    DATABASE_URL: TEST_ENV.DATABASE_URL,
    REDIS_URL: TEST_ENV.REDIS_URL,
    REDIS_KEY_PREFIX: harness.redisKeyPrefix,
  });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await harness?.close();
  await Promise.all(Object.values(replicas).map((replica) => replica.close()));
});

/** What the clients saw of one deployment (named by x-llmguard-deployment). */
type Observed = { requests: number; serverErrors: number; inputTokens: number; outputTokens: number };

type AbTest = { slug: string; routesPath: string; route: RouteView; openai: OpenAI; viewer: ApiClient };

async function abTest(): Promise<AbTest> {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  // Every failure ends the request (no fallback to another variant), and limits leave room for the traffic.
  await setTenantPolicy(harness.prisma, tenantId, {
    rateLimits: { tenant: { requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 } },
    routing: { fallbacks: { enabled: false } },
  });
  const variant = (name: keyof typeof replicas, weight: number) => ({
    name,
    provider: 'openai',
    baseUrl: `${replicas[name].url}/v1`,
    upstreamModel: 'demo-model-1',
    weight,
    inputPriceMicrosPerMillion: 1_000_000,
    outputPriceMicrosPerMillion: 2_000_000,
  });
  const routesPath = `/api/tenants/${slug}/routes`;
  const created = await owner.client.post<RouteView>(routesPath, {
    alias: `ab-${uniqueTag()}`,
    strategy: 'weighted',
    deployments: [variant('fast', 2), variant('slow', 1), variant('flaky', 1)],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const key = await owner.client.post<{ secret: string }>(`/api/tenants/${slug}/api-keys`, {
    name: 'ab clients',
  });
  expect(key.status).toBe(201);
  const viewer = await harness.signUp();
  await addMember(harness.prisma, tenantId, viewer.id, 'viewer');
  const openai = new OpenAI({
    apiKey: key.body.secret,
    baseURL: `${harness.gateway.dataPlaneUrl}/v1`,
    maxRetries: 0,
  });
  return { slug, routesPath, route: created.body, openai, viewer: viewer.client };
}

/** One chat as end user `user` (every other one streamed): which deployment answered, and what the client got. */
async function chat(test: AbTest, user: string, stream: boolean) {
  const request = {
    model: test.route.alias,
    messages: [{ role: 'user' as const, content: `Hi from ${user}` }],
    user,
  };
  try {
    if (!stream) {
      const { data, response } = await test.openai.chat.completions.create(request).withResponse();
      return { deployment: response.headers.get('x-llmguard-deployment'), status: 200, usage: data.usage };
    }
    const { data, response } = await test.openai.chat.completions
      .create({ ...request, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of data) usage = chunk.usage ?? usage;
    return { deployment: response.headers.get('x-llmguard-deployment'), status: 200, usage };
  } catch (error) {
    if (!(error instanceof OpenAI.APIError)) throw error;
    return {
      deployment: error.headers?.get('x-llmguard-deployment') ?? null,
      status: error.status ?? 0,
      usage: null,
    };
  }
}

/** Sends one request per end user, eight at a time, and tallies what the clients saw per deployment. */
async function runTraffic(test: AbTest): Promise<Map<string, Observed>> {
  const observed = new Map<string, Observed>();
  for (let start = 0; start < USERS; start += 8) {
    const users = Array.from({ length: Math.min(8, USERS - start) }, (_, offset) => start + offset);
    const answers = await Promise.all(users.map((user) => chat(test, `user-${user}`, user % 2 === 1)));
    for (const answer of answers) {
      expect(answer.deployment).not.toBeNull();
      const tally = observed.get(answer.deployment!) ?? {
        requests: 0,
        serverErrors: 0,
        inputTokens: 0,
        outputTokens: 0,
      };
      tally.requests += 1;
      if (answer.status >= 500) tally.serverErrors += 1;
      tally.inputTokens += answer.usage?.prompt_tokens ?? 0;
      tally.outputTokens += answer.usage?.completion_tokens ?? 0;
      observed.set(answer.deployment!, tally);
    }
  }
  return observed;
}

/** The report once the billing worker has stored every request (polled; the worker reads every 100 ms). */
async function reportWhenStored(test: AbTest, from: string): Promise<RouteVariantsResponse> {
  const path = `${test.routesPath}/${test.route.id}/variants`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await test.viewer.get<RouteVariantsResponse>(path, {
      query: { from, to: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    if (response.body.requests >= USERS || Date.now() > deadline) return response.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('an A/B test through the gateway and the billing worker', () => {
  it("reports each variant's share, errors, latency, tokens and cost as the clients saw them", async () => {
    const test = await abTest();
    const from = new Date(Date.now() - 60_000).toISOString();
    const observed = await runTraffic(test);
    const report = await reportWhenStored(test, from);

    expect(report.requests).toBe(USERS);
    const byName = new Map(report.variants.map((variant) => [variant.name, variant]));
    expect([...byName.keys()]).toEqual(['fast', 'flaky', 'slow']);
    for (const [name, seen] of observed) {
      const variant = byName.get(name)!;
      expect(variant, name).toMatchObject({
        recordedNames: [name],
        requests: seen.requests,
        errors: seen.serverErrors,
        inputTokens: String(seen.inputTokens),
        outputTokens: String(seen.outputTokens),
        // 1 micro per input token, 2 per output token (the deployments' prices).
        costMicros: String(seen.inputTokens + 2 * seen.outputTokens),
      });
    }

    const [fast, slow, flaky] = (['fast', 'slow', 'flaky'] as const).map((name) => byName.get(name)!) as [
      RouteVariant,
      RouteVariant,
      RouteVariant,
    ];
    // The split follows the weights 2 : 1 : 1 (one sticky draw per user), within five standard deviations.
    expect(fast.settings?.weightShare).toBe(0.5);
    for (const variant of [fast, slow, flaky]) {
      const share = variant.settings!.weightShare;
      const bound = 5 * Math.sqrt((share * (1 - share)) / USERS);
      expect(Math.abs(variant.trafficShare - share), variant.name).toBeLessThan(bound);
    }
    // Only the flaky variant fails, near its injected 30%.
    expect([fast.errors, slow.errors]).toEqual([0, 0]);
    expect(flaky.errorRate).toBeGreaterThan(0.1);
    expect(flaky.errorRate).toBeLessThan(0.6);
    // The slow variant is slower by its time to first token, for whole answers and for streams.
    expect(slow.latencyMsP50! - fast.latencyMsP50!).toBeGreaterThanOrEqual(SLOW_TTFT_MS * 0.8);
    expect(slow.ttftMsP50! - fast.ttftMsP50!).toBeGreaterThanOrEqual(SLOW_TTFT_MS * 0.8);
    expect(slow.latencyMsP95!).toBeGreaterThanOrEqual(slow.latencyMsP50!);
  }, 120_000);
});
