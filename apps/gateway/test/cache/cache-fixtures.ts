import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll } from 'vitest';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { createPrismaClient, type PrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import type { PolicyDocumentInput } from '@llmguard/shared';
import type { RunningGateway } from '../../src/main';
import {
  addRoute,
  createTestTenant,
  ensureSlaTiers,
  setTenantPolicy,
  type TestTenant,
} from '../support/fixtures';
import { QUICK_UPSTREAM, startRoutingGateway } from '../support/routing-fixtures';
import { TEST_ENV } from '../support/test-env';

/** What a cache suite drives: Postgres, Redis, a demo upstream that answers at once, and data-plane gateways. */
export type CacheSuite = {
  prisma: PrismaClient;
  redis: Redis;
  upstream: DemoUpstream;
  /** One per environment given to startCacheSuite, in that order. */
  gateways: RunningGateway[];
  close(): Promise<void>;
};

/**
 * The suite of a test file: started before its tests (the upstream, one gateway per environment given, default one
 * with the defaults) and closed after them. The returned object is filled in when the tests run.
 */
export function useCacheSuite(gatewayEnvs: Record<string, string>[] = [{}]): CacheSuite {
  const suite = {} as CacheSuite;
  beforeAll(async () => {
    const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
    const redis = new Redis(TEST_ENV.REDIS_URL);
    const upstream = await startDemoUpstream(QUICK_UPSTREAM);
    const gateways = await Promise.all(gatewayEnvs.map((env) => startRoutingGateway(env)));
    await ensureSlaTiers(prisma);
    Object.assign(suite, {
      prisma,
      redis,
      upstream,
      gateways,
      async close() {
        await Promise.all(gateways.map((gateway) => gateway.close()));
        await upstream.close();
        await prisma.$disconnect();
        redis.disconnect();
      },
    });
  }, 30_000);
  afterAll(() => suite.close?.());
  return suite;
}

/** A tenant of the cache suites: its policy, a chat route (`chat`), a Messages route (`claude`) and SDK clients. */
export type CacheTenant = {
  tenant: TestTenant;
  chat: string;
  claude: string;
  openai: OpenAI;
  anthropic: Anthropic;
};

/**
 * A new tenant with the given policy whose `chat` (OpenAI-compatible) and `claude` (Anthropic) routes point at the
 * suite's demo upstream, with SDK clients of one of the suite's gateways (the first unless `gateway` says which).
 * `aliases` pins the route aliases (two tenants can then ask the same model name).
 */
export async function cacheTenant(
  suite: CacheSuite,
  policy: PolicyDocumentInput | undefined,
  options: { aliases?: { chat: string; claude: string }; gateway?: number } = {},
): Promise<CacheTenant> {
  const { prisma, upstream } = suite;
  const gateway = suite.gateways[options.gateway ?? 0];
  if (!gateway) throw new Error(`the suite has no gateway ${options.gateway}`);
  const tenant = await createTestTenant(prisma);
  if (policy) await setTenantPolicy(prisma, tenant.tenantId, policy);
  const chat = options.aliases?.chat ?? tenant.alias('chat');
  const claude = options.aliases?.claude ?? tenant.alias('claude');
  await addRoute(prisma, tenant, { alias: chat, provider: 'openai', baseUrl: `${upstream.url}/v1` });
  await addRoute(prisma, tenant, { alias: claude, provider: 'anthropic', baseUrl: upstream.url });
  return {
    tenant,
    chat,
    claude,
    openai: new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: tenant.apiKey, baseURL: gateway.dataPlaneUrl, maxRetries: 0 }),
  };
}

/** Upstream calls of one endpoint the demo upstream received (`chat/completions`, `messages`, `embeddings`). */
export function upstreamCalls(suite: CacheSuite, endpoint: string): number {
  return suite.upstream.stats.byEndpoint[`POST /v1/${endpoint}`] ?? 0;
}

/** A prompt no other test sends, so each test starts with a cold cache. */
export function freshPrompt(topic: string): string {
  return `${topic} #${Math.random().toString(36).slice(2, 10)}`;
}
