import type { PrismaClient } from '@llmguard/db';
import {
  generateApiKey,
  newId,
  policyColumnsFromDocument,
  policyDocumentSchema,
  randomBase62,
  type PolicyDocumentInput,
} from '@llmguard/shared';

export type TestTenant = {
  tenantId: string;
  apiKey: string;
  apiKeyId: string;
  alias: (name: string) => string;
};

/**
 * A fresh tenant with one data-plane key and tenant-owned routes. Aliases are suffixed with a
 * random tag so suites never see each other's routes.
 */
export async function createTestTenant(
  prisma: PrismaClient,
  options: { allowedModels?: (alias: (name: string) => string) => string[] } = {},
): Promise<TestTenant> {
  const tag = randomBase62(6).toLowerCase();
  const alias = (name: string) => `${name}-${tag}`;
  const tenantId = newId('tnt');
  await prisma.tenant.create({
    data: { id: tenantId, slug: `test-${tag}`, name: `Test ${tag}`, tierId: 'free' },
  });
  const key = generateApiKey('lg_test_');
  const apiKeyId = newId('key');
  await prisma.apiKey.create({
    data: {
      id: apiKeyId,
      tenantId,
      name: 'test key',
      prefix: key.prefix,
      hash: key.hash,
      lastFour: key.lastFour,
      scopes: ['inference', 'embeddings', 'audio', 'images'],
      allowedModels: options.allowedModels?.(alias) ?? [],
    },
  });
  return { tenantId, apiKey: key.secret, apiKeyId, alias };
}

/** A tenant route with one deployment. */
export type RouteSpec = {
  alias: string;
  provider: 'openai' | 'anthropic' | 'azure_openai' | 'gemini';
  baseUrl: string;
  upstreamModel?: string;
  timeouts?: Record<string, number>;
  /** Sealed with the gateway's credential cipher (see sealCredential). */
  encryptedCredential?: string;
  apiVersion?: string;
};

/** Adds a tenant route with one deployment. */
export async function addRoute(prisma: PrismaClient, tenant: TestTenant, route: RouteSpec) {
  const routeId = newId('rte');
  await prisma.modelRoute.create({
    data: { id: routeId, tenantId: tenant.tenantId, alias: route.alias, strategy: 'weighted', config: {} },
  });
  await prisma.deployment.create({
    data: {
      id: newId('dep'),
      routeId,
      name: `${route.alias}-primary`,
      provider: route.provider,
      baseUrl: route.baseUrl,
      upstreamModel: route.upstreamModel ?? 'demo-model-1',
      weight: 1,
      priority: 0,
      region: 'local',
      tags: ['local', 'test'],
      inputPriceMicrosPerMillion: 1_000_000n,
      outputPriceMicrosPerMillion: 2_000_000n,
      cachedInputPriceMicrosPerMillion: 500_000n,
      enabled: true,
      timeouts: route.timeouts,
      encryptedCredential: route.encryptedCredential,
      apiVersion: route.apiVersion,
    },
  });
}

/** Makes sure the reference rows the fixtures point at exist (the seed normally creates them). */
export async function ensureSlaTiers(prisma: PrismaClient) {
  for (const id of ['free', 'pro', 'enterprise']) {
    await prisma.slaTier.upsert({
      where: { id },
      update: {},
      create: {
        id,
        name: id,
        availabilityTargetBasisPoints: 9900,
        latencyP95TargetMs: 5000,
        ttftP95TargetMs: 2000,
        creditPercent: 0,
      },
    });
  }
}

/**
 * Gives a tenant a new policy version and makes it current, as the control plane would (without the pub/sub
 * message: set it before the tenant's first request, or publish a change).
 */
export async function setTenantPolicy(prisma: PrismaClient, tenantId: string, document: PolicyDocumentInput) {
  const columns = policyColumnsFromDocument(policyDocumentSchema.parse(document));
  const latest = await prisma.tenantPolicy.findFirst({ where: { tenantId }, orderBy: { version: 'desc' } });
  const version = (latest?.version ?? 0) + 1;
  await prisma.tenantPolicy.create({ data: { id: newId('pol'), tenantId, version, ...columns } });
  await prisma.tenant.update({ where: { id: tenantId }, data: { currentPolicyVersion: version } });
}
