import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { PrismaClient } from '@llmguard/db';
import type { DemoUpstream } from '@llmguard/demo-upstream';
import type { PolicyDocumentInput } from '@llmguard/shared';
import type { RunningGateway } from '../../src/main';
import { addRoute, createTestTenant, setTenantPolicy, type TestTenant } from '../support/fixtures';

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
 * demo upstream. `aliases` pins the route aliases (two tenants can then ask the same model name).
 */
export async function cacheTenant(
  prisma: PrismaClient,
  gateway: RunningGateway,
  upstream: DemoUpstream,
  policy: PolicyDocumentInput | undefined,
  aliases?: { chat: string; claude: string },
): Promise<CacheTenant> {
  const tenant = await createTestTenant(prisma);
  if (policy) await setTenantPolicy(prisma, tenant.tenantId, policy);
  const chat = aliases?.chat ?? tenant.alias('chat');
  const claude = aliases?.claude ?? tenant.alias('claude');
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
export function upstreamCalls(upstream: DemoUpstream, endpoint: string): number {
  return upstream.stats.byEndpoint[`POST /v1/${endpoint}`] ?? 0;
}

/** A prompt no other test sends, so each test starts with a cold cache. */
export function freshPrompt(topic: string): string {
  return `${topic} #${Math.random().toString(36).slice(2, 10)}`;
}
