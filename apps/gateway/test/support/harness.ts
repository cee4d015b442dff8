import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { createPrismaClient, type PrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import { startGateway, type RunningGateway } from '../../src/main';
import { addRoute, createTestTenant, ensureSlaTiers, type RouteSpec, type TestTenant } from './fixtures';
import { TEST_ENV } from './test-env';

/** Everything a data-plane suite drives: real Postgres and Redis, a demo upstream, a gateway, SDK clients. */
export type Harness = {
  prisma: PrismaClient;
  redis: Redis;
  upstream: DemoUpstream;
  gateway: RunningGateway;
  tenant: TestTenant;
  openai: OpenAI;
  anthropic: Anthropic;
  close(): Promise<void>;
};

export type HarnessOptions = {
  /** Reply length of the demo upstream, in tokens. */
  replyTokens: number;
  /** Extra gateway environment. */
  env?: Record<string, string>;
  /** The tenant's routes, given its alias maker and the upstream's URL. */
  routes: (alias: (name: string) => string, upstreamUrl: string) => RouteSpec[];
};

/** Starts a gateway (free ports) in front of a fresh demo upstream, with a new tenant and its routes. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
  const redis = new Redis(TEST_ENV.REDIS_URL);
  const upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: options.replyTokens });
  const gateway = await startGateway({
    ...TEST_ENV,
    DATA_PLANE_PORT: '0',
    CONTROL_PLANE_PORT: '0',
    ...options.env,
  });
  await ensureSlaTiers(prisma);
  const tenant = await createTestTenant(prisma);
  for (const route of options.routes(tenant.alias, upstream.url)) await addRoute(prisma, tenant, route);
  return {
    prisma,
    redis,
    upstream,
    gateway,
    tenant,
    openai: new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: tenant.apiKey, baseURL: gateway.dataPlaneUrl, maxRetries: 0 }),
    async close() {
      await gateway.close();
      await upstream.close();
      await prisma.$disconnect();
      redis.disconnect();
    },
  };
}
