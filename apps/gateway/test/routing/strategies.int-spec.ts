import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import { newId, routeStrategySchema, type RouteConfig, type RouteStrategy } from '@llmguard/shared';
import { startGateway } from '../../src/main';
import { createTestTenant, ensureSlaTiers, setTenantPolicy } from '../support/fixtures';
import { TEST_ENV } from '../support/test-env';

// Routing strategies through a real gateway, with several demo-upstream replicas (one failing every request). Each
// test builds its own tenant and route (fresh deployments: fresh breakers, counters and latency samples). Checks on
// shares use bounds a correct router breaks less than once in a million runs.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
let gateway: Awaited<ReturnType<typeof startGateway>>;
const replicas: Record<string, DemoUpstream> = {};

beforeAll(async () => {
  const quick = { port: 0, ttftMs: 0, itlMs: 0, tokens: 4 };
  for (const name of ['r1', 'r2', 'r3', 'r4']) replicas[name] = await startDemoUpstream(quick);
  replicas.broken = await startDemoUpstream({ ...quick, errorRate: 1, errorCodes: [500] });
  // Streams that last 40 × 100 ms: held open while other requests are routed.
  replicas.slowStreams = await startDemoUpstream({ ...quick, tokens: 40, itlMs: 100 });
  replicas.laggy = await startDemoUpstream({ ...quick, ttftMs: 250 });
  gateway = await startGateway({
    ...TEST_ENV,
    NODE_ENV: 'test',
    GATEWAY_PLANES: 'data',
    DATA_PLANE_PORT: '0',
    ROUTING_BREAKER_CONSECUTIVE_FAILURES: '3',
    // An open circuit stays open for the whole file: a skipped deployment is never probed meanwhile.
    ROUTING_BREAKER_HALF_OPEN_AFTER_MS: '600000',
    ROUTING_RETRY_BACKOFF_MS: '5',
  });
  await ensureSlaTiers(prisma);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all(Object.values(replicas).map((replica) => replica.close()));
  await prisma.$disconnect();
});

type DeploymentSpec = {
  /** The deployment's name, unique in the route. */
  name: string;
  /** Which replica it calls (several deployments may call one). */
  replica: string;
  weight?: number;
  priority?: number;
  /** Input and output price, micro-USD per million tokens. */
  prices?: [number, number];
};

type TestRoute = { alias: string; ids: Record<string, string>; openai: OpenAI; anthropic: Anthropic };

async function route(
  strategy: RouteStrategy,
  specs: DeploymentSpec[],
  config: RouteConfig = {},
): Promise<TestRoute> {
  const tenant = await createTestTenant(prisma);
  // Hundreds of requests a minute: above the free tier's limits.
  await setTenantPolicy(prisma, tenant.tenantId, {
    rateLimits: { tenant: { requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 } },
  });
  const alias = tenant.alias(strategy.replace('_', '-'));
  const routeId = newId('rte');
  await prisma.modelRoute.create({
    data: { id: routeId, tenantId: tenant.tenantId, alias, strategy, config },
  });
  const ids: Record<string, string> = {};
  for (const spec of specs) {
    const id = newId('dep');
    ids[spec.name] = id;
    const [input, output] = spec.prices ?? [1_000_000, 2_000_000];
    await prisma.deployment.create({
      data: {
        id,
        routeId,
        name: spec.name,
        provider: 'openai',
        baseUrl: `${replicas[spec.replica]?.url}/v1`,
        upstreamModel: 'demo-model-1',
        weight: spec.weight ?? 1,
        priority: spec.priority ?? 0,
        tags: ['test'],
        inputPriceMicrosPerMillion: BigInt(input),
        outputPriceMicrosPerMillion: BigInt(output),
        cachedInputPriceMicrosPerMillion: 0n,
      },
    });
  }
  const baseURL = `${gateway.dataPlaneUrl}/v1`;
  return {
    alias,
    ids,
    openai: new OpenAI({ apiKey: tenant.apiKey, baseURL, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: tenant.apiKey, baseURL: gateway.dataPlaneUrl, maxRetries: 0 }),
  };
}

type Ask = { system?: string; question?: string; user?: string };

/** One chat; resolves with the deployment that answered and the calls it took. */
async function ask(target: TestRoute, { system, question = 'Hi', user }: Ask = {}) {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: question }];
  if (system) messages.unshift({ role: 'system', content: system });
  const { response } = await target.openai.chat.completions
    .create({ model: target.alias, messages, ...(user ? { user } : {}) })
    .withResponse();
  return {
    deployment: response.headers.get('x-llmguard-deployment') ?? '',
    attempts: Number(response.headers.get('x-llmguard-attempts')),
  };
}

/** Runs `count` asks, `parallel` at a time; resolves with how many each deployment answered. */
async function tally(
  count: number,
  parallel: number,
  next: (index: number) => Promise<{ deployment: string }>,
) {
  const counts: Record<string, number> = {};
  let started = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (started < count) {
        const { deployment } = await next(started++);
        counts[deployment] = (counts[deployment] ?? 0) + 1;
      }
    }),
  );
  return counts;
}

/** Starts a stream and waits for its headers; the stream stays open until `close` is called. */
async function holdStream(target: TestRoute, ask: Ask = {}) {
  const controller = new AbortController();
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: ask.question ?? 'Hi' }];
  if (ask.system) messages.unshift({ role: 'system', content: ask.system });
  const { data: stream, response } = await target.openai.chat.completions
    .create({ model: target.alias, messages, stream: true }, { signal: controller.signal })
    .withResponse();
  const drained = (async () => {
    for await (const _chunk of stream);
  })().catch(() => undefined);
  return {
    deployment: response.headers.get('x-llmguard-deployment') ?? '',
    close: async () => {
      controller.abort();
      await drained;
    },
  };
}

/** Pearson's chi-square of observed counts against expected shares. */
function chiSquare(observed: number[], shares: number[]): number {
  const total = observed.reduce((sum, count) => sum + count, 0);
  return observed.reduce((sum, count, index) => {
    const expected = total * (shares[index] ?? 0);
    return sum + (count - expected) ** 2 / expected;
  }, 0);
}

/** Chi-square critical value at p = 1e-6 for one degree of freedom. */
const CHI_SQUARE_1DF_P1E6 = 23.93;

describe('weighted', () => {
  it('serves traffic in proportion to the weights, also while one weighted deployment fails every call', async () => {
    const target = await route('weighted', [
      { name: 'a', replica: 'r1', weight: 1 },
      { name: 'b', replica: 'r2', weight: 3 },
      { name: 'failing', replica: 'broken', weight: 2 },
    ]);
    // The failing deployment's picks fall back in weighted order too, so a and b keep their 1 : 3 split.
    const counts = await tally(600, 6, () => ask(target));
    expect(counts.failing).toBeUndefined();
    expect((counts.a ?? 0) + (counts.b ?? 0)).toBe(600);
    expect(chiSquare([counts.a ?? 0, counts.b ?? 0], [0.25, 0.75])).toBeLessThan(CHI_SQUARE_1DF_P1E6);
  });

  it('keeps an end user in one variant (A/B), and spreads users by weight', async () => {
    const target = await route('weighted', [
      { name: 'control', replica: 'r1', weight: 9 },
      { name: 'canary', replica: 'r2', weight: 1 },
    ]);
    const variantOf: Record<string, string> = {};
    await tally(900, 6, async (index) => {
      const user = `end-user-${index % 300}`;
      const answer = await ask(target, { user, question: `question ${index}` });
      variantOf[user] ??= answer.deployment;
      expect(answer.deployment).toBe(variantOf[user]);
      return answer;
    });
    const canaryUsers = Object.values(variantOf).filter((variant) => variant === 'canary').length;
    // Binomial(300, 0.1): mean 30, standard deviation 5.2; these bounds are about five deviations away.
    expect(canaryUsers).toBeGreaterThan(4);
    expect(canaryUsers).toBeLessThan(57);
    // The Anthropic SDK's metadata.user_id names the same user: same variant.
    const sample = 'end-user-7';
    const { response } = await target.anthropic.messages
      .create({
        model: target.alias,
        max_tokens: 8,
        metadata: { user_id: sample },
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .withResponse();
    expect(response.headers.get('x-llmguard-deployment')).toBe(variantOf[sample]);
  });
});

describe('round_robin', () => {
  it('cycles through the deployments of a priority, one request each in turn', async () => {
    const target = await route('round_robin', [
      { name: 'a', replica: 'r1' },
      { name: 'b', replica: 'r2' },
      { name: 'c', replica: 'r3' },
    ]);
    const sequence: string[] = [];
    for (let index = 0; index < 9; index += 1) sequence.push((await ask(target)).deployment);
    expect(sequence.slice(0, 3).sort()).toEqual(['a', 'b', 'c']);
    expect(sequence.slice(3, 6)).toEqual(sequence.slice(0, 3));
    expect(sequence.slice(6, 9)).toEqual(sequence.slice(0, 3));
  });
});

describe('least_busy', () => {
  it('avoids a deployment holding a slow stream', async () => {
    const target = await route('least_busy', [
      { name: 'slow', replica: 'slowStreams' },
      { name: 'quick', replica: 'r1' },
    ]);
    // Equally idle at first, so a stream may land on either: open streams until one stays on the slow replica.
    const held: Awaited<ReturnType<typeof holdStream>>[] = [];
    while (!held.some((stream) => stream.deployment === 'slow')) held.push(await holdStream(target));
    try {
      const counts = await tally(20, 1, () => ask(target));
      expect(counts).toEqual({ quick: 20 });
    } finally {
      await Promise.all(held.map((stream) => stream.close()));
    }
  });
});

describe('lowest_latency', () => {
  it('measures each deployment, then prefers the one with the fastest first token', async () => {
    const target = await route(
      'lowest_latency',
      [
        { name: 'laggy', replica: 'laggy' },
        { name: 'fast', replica: 'r1' },
      ],
      { latency: { explorationRate: 0 } },
    );
    const sequence: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const stream = await holdStream(target);
      await stream.close();
      sequence.push(stream.deployment);
    }
    // The first two requests measure one deployment each (an unmeasured one goes first); then only the fast one.
    expect(sequence.slice(0, 2).sort()).toEqual(['fast', 'laggy']);
    expect(sequence.slice(2)).toEqual(Array(8).fill('fast'));
  });
});

describe('lowest_cost', () => {
  it('sends every request to the cheapest deployment', async () => {
    const target = await route('lowest_cost', [
      { name: 'premium', replica: 'r1', prices: [2_500_000, 10_000_000] },
      { name: 'budget', replica: 'r2', prices: [150_000, 600_000] },
      { name: 'standard', replica: 'r3', prices: [1_000_000, 2_000_000] },
    ]);
    expect(await tally(10, 2, () => ask(target))).toEqual({ budget: 10 });
  });
});

describe('prefix_affinity', () => {
  const systemPrompt = (app: number) => `You are the assistant of application ${app}. `.repeat(20);

  it('sends requests that share a prompt prefix to one replica, and different prefixes to several', async () => {
    const target = await route('prefix_affinity', [
      { name: 'a', replica: 'r1' },
      { name: 'b', replica: 'r2' },
      { name: 'c', replica: 'r3' },
      { name: 'd', replica: 'r4' },
    ]);
    const ownerOf = new Map<number, string>();
    for (let app = 0; app < 12; app += 1) {
      for (let question = 0; question < 3; question += 1) {
        const answer = await ask(target, { system: systemPrompt(app), question: `question ${question}` });
        if (!ownerOf.has(app)) ownerOf.set(app, answer.deployment);
        expect(answer.deployment).toBe(ownerOf.get(app));
      }
    }
    expect(new Set(ownerOf.values()).size).toBeGreaterThan(1);
  });

  it('spills a prefix to the next replica on the ring while its owner is over the load bound', async () => {
    const target = await route('prefix_affinity', [
      { name: 'first', replica: 'slowStreams' },
      { name: 'second', replica: 'slowStreams' },
    ]);
    const system = systemPrompt(99);
    // Bound = ceil(1.25 × (in flight + 1) / 2): the owner takes the 1st and 2nd concurrent stream (bound 2 once one
    // is open), and with 2 open the 3rd goes to the other replica.
    const streams = [];
    for (let index = 0; index < 3; index += 1) streams.push(await holdStream(target, { system }));
    try {
      const [owner, again, spilled] = streams.map((stream) => stream.deployment);
      expect(again).toBe(owner);
      expect(spilled).not.toBe(owner);
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
    // Idle again: the prefix is back on its owner.
    expect((await ask(target, { system })).deployment).toBe(streams[0]?.deployment);
  });
});

describe.each(routeStrategySchema.options)('%s', (strategy) => {
  it('skips a deployment whose circuit is open', async () => {
    const target = await route(strategy, [
      // The cheapest, so lowest_cost would pick it first; unmeasured, so lowest_latency would too.
      { name: 'broken', replica: 'broken', prices: [1, 1] },
      { name: 'healthy', replica: 'r1' },
    ]);
    // Varied prompts, so that prefix_affinity maps some to the broken deployment too.
    const prompt = (index: number) => ({ system: `Prompt family ${index}. `.repeat(10) });
    await tally(30, 1, (index) => ask(target, prompt(index)));
    const brokenCalls = replicas.broken!.stats.requests;
    for (let index = 30; index < 50; index += 1) {
      expect(await ask(target, prompt(index))).toEqual({ deployment: 'healthy', attempts: 1 });
    }
    expect(replicas.broken!.stats.requests).toBe(brokenCalls);
  });
});
