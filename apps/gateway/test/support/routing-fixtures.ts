import OpenAI from 'openai';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import type { DemoUpstream } from '@llmguard/demo-upstream';
import { newId, type UsageEvent } from '@llmguard/shared';
import { startGateway, type RunningGateway } from '../../src/main';
import type { TestTenant } from './fixtures';
import { TEST_ENV } from './test-env';
import { recentUsageEvents, waitForUsageEvent } from './usage-stream';

/** Demo-upstream options of a replica that answers at once (8 tokens, no pacing). */
export const QUICK_UPSTREAM = { port: 0, ttftMs: 0, itlMs: 0, tokens: 8 } as const;

/** A data-plane-only gateway on a free port, with quick retries, for routing suites (`env` overrides). */
export function startRoutingGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
  return startGateway({
    ...TEST_ENV,
    NODE_ENV: 'test',
    GATEWAY_PLANES: 'data',
    DATA_PLANE_PORT: '0',
    ROUTING_RETRY_BACKOFF_MS: '10',
    ...env,
  });
}

/** The API error an OpenAI SDK call ends with (fails the test when it succeeds or throws anything else). */
export async function openaiFailureOf(
  promise: Promise<unknown>,
): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof OpenAI.APIError)) throw new Error(`expected an API error, got ${String(error)}`);
  return error;
}

/** One deployment of a test route: a name (shown in x-llmguard-deployment), where it points, its tags. */
export type TestDeployment = {
  name: string;
  /** The upstream's URL without /v1 (a demo upstream's `url`). */
  url: string;
  tags?: string[];
  /** Default: the position in the list (the first is tried first). */
  priority?: number;
  maxConcurrentRequests?: number;
  timeouts?: Record<string, number>;
};

/**
 * A tenant route whose deployments are OpenAI-compatible upstreams, each tagged `test` (so x-demo-* headers reach
 * demo upstreams) plus its own tags. Returns the deployment ids by name.
 */
export async function addTestRoute(
  prisma: PrismaClient,
  tenant: TestTenant,
  alias: string,
  deployments: readonly TestDeployment[],
): Promise<Record<string, string>> {
  const routeId = newId('rte');
  await prisma.modelRoute.create({
    data: { id: routeId, tenantId: tenant.tenantId, alias, strategy: 'weighted', config: {} },
  });
  const ids: Record<string, string> = {};
  for (const [position, spec] of deployments.entries()) {
    const id = newId('dep');
    ids[spec.name] = id;
    await prisma.deployment.create({
      data: {
        id,
        routeId,
        name: spec.name,
        provider: 'openai',
        baseUrl: `${spec.url}/v1`,
        upstreamModel: 'demo-model-1',
        priority: spec.priority ?? position,
        tags: ['test', ...(spec.tags ?? [])],
        inputPriceMicrosPerMillion: 1_000_000n,
        outputPriceMicrosPerMillion: 2_000_000n,
        cachedInputPriceMicrosPerMillion: 0n,
        timeouts: spec.timeouts,
        maxConcurrentRequests: spec.maxConcurrentRequests,
      },
    });
  }
  return ids;
}

/** Chat completions a demo upstream received. */
export function chatCalls(upstream: DemoUpstream): number {
  return upstream.stats.byEndpoint['POST /v1/chat/completions'] ?? 0;
}

/**
 * Every usage event of a request in the stream: the one under its id, and those of its fan-out calls
 * (`<id>:<n>`), once the first has appeared and settling has had time to append the others.
 */
export async function usageEventsOf(
  redis: Redis,
  requestId: string,
  firstId = requestId,
): Promise<UsageEvent[]> {
  await waitForUsageEvent(redis, firstId);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return (await recentUsageEvents(redis, 2000))
    .filter((event) => event.requestId === requestId || event.requestId.startsWith(`${requestId}:`))
    .sort((a, b) => (a.requestId < b.requestId ? -1 : 1));
}
