import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash as argon2Hash, Algorithm } from '@node-rs/argon2';
import type { PrismaClient } from '@llmguard/db';
import type { CredentialSealer } from '@llmguard/server';
import {
  apiKeyScopeSchema,
  generateApiKey,
  hashApiKey,
  newId,
  policyColumnsFromDocument,
  policyDocumentSchema,
  randomBase62,
  type PolicyDocumentInput,
} from '@llmguard/shared';

export type SeedOptions = {
  /** Where the demo key and admin password are kept between runs (git-ignored `.run/<profile>`). */
  secretsDir: string;
  /** Base URL of the demo upstream, e.g. http://127.0.0.1:9100 */
  demoUpstreamUrl: string;
  /**
   * The key the demo upstream requires (its --api-key), sealed into the demo deployments; omitted = none (the demo
   * upstream accepts any key by default).
   */
  demoUpstreamCredential?: DemoCredential;
};

/** A provider key for the demo deployments and the sealer that encrypts it (credentialSealerFromEnv). */
export type DemoCredential = { apiKey: string; sealer: CredentialSealer };

export type SeedResult = { tenantId: string; apiKeyId: string; apiKey: string; adminEmail: string };

type DeploymentTarget = {
  provider: 'openai' | 'anthropic';
  baseUrl: string;
  upstreamModel: string;
  credential?: DemoCredential;
};

export const ADMIN_EMAIL = 'admin@llmguard.local';
export const DEMO_TENANT_SLUG = 'demo';

/** The demo and bench keys may call every data-plane endpoint. */
const DEMO_KEY_SCOPES = apiKeyScopeSchema.options;

/** Model names the bench harness (bench/overhead.mjs) sends. */
const BENCH_MODELS = [
  { alias: 'gpt-4o-mini', provider: 'openai', path: '/v1' },
  { alias: 'claude-3-5-haiku-latest', provider: 'anthropic', path: '' },
  { alias: 'text-embedding-3-small', provider: 'openai', path: '/v1' },
] as const;

/**
 * The demo: SLA tiers, a platform admin, a demo tenant with a key, and platform-wide routes to the
 * demo upstream. Idempotent: running it again keeps the same tenant, key and password.
 */
export async function seed(prisma: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  mkdirSync(options.secretsDir, { recursive: true, mode: 0o700 });
  await seedSlaTiers(prisma);
  const adminId = await seedAdmin(prisma, options.secretsDir);
  const tenantId = await seedTenant(prisma, adminId, DEMO_TENANT_SLUG, 'Demo Company');
  const upstream = options.demoUpstreamUrl;
  const credential = options.demoUpstreamCredential;
  await upsertRoute(prisma, null, 'demo-chat', {
    provider: 'openai',
    baseUrl: `${upstream}/v1`,
    upstreamModel: 'demo-chat-1',
    credential,
  });
  await upsertRoute(prisma, null, 'demo-claude', {
    provider: 'anthropic',
    baseUrl: upstream,
    upstreamModel: 'demo-claude-1',
    credential,
  });
  await upsertRoute(prisma, null, 'demo-embed', {
    provider: 'openai',
    baseUrl: `${upstream}/v1`,
    upstreamModel: 'demo-embed-1',
    credential,
  });
  const key = await seedKey(prisma, tenantId, adminId, join(options.secretsDir, 'demo-api-key'), 'Demo key');
  return { tenantId, apiKeyId: key.id, apiKey: key.secret, adminEmail: ADMIN_EMAIL };
}

/** A "bench" tenant whose routes point at the bench's fake upstream; returns its key. */
export async function seedBench(
  prisma: PrismaClient,
  secretsDir: string,
  benchUpstreamUrl: string,
): Promise<string> {
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  await seedSlaTiers(prisma);
  // The bench shares the test profile's database: it must not reset the admin password the stack printed.
  const existingAdmin = await prisma.user.findUnique({ where: { email: ADMIN_EMAIL } });
  const adminId = existingAdmin?.id ?? (await seedAdmin(prisma, secretsDir));
  const tenantId = await seedTenant(prisma, adminId, 'bench', 'Bench');
  for (const model of BENCH_MODELS) {
    await upsertRoute(prisma, tenantId, model.alias, {
      provider: model.provider,
      baseUrl: `${benchUpstreamUrl}${model.path}`,
      upstreamModel: model.alias,
    });
  }
  const limited = await seedKey(
    prisma,
    tenantId,
    adminId,
    join(secretsDir, 'bench-limited-api-key'),
    'Bench key with limits',
  );
  await prisma.apiKey.update({ where: { id: limited.id }, data: { limitOverrides: BENCH_KEY_LIMITS } });
  return (await seedKey(prisma, tenantId, adminId, join(secretsDir, 'bench-api-key'), 'Bench key')).secret;
}

/**
 * The second bench key's own limits (`bash scripts/bench.sh --limits` compares it with the unlimited key): every
 * kind of check the limiter makes (requests and tokens per minute and per day, concurrency, a monthly budget),
 * high enough never to refuse, so the bench measures what deciding costs.
 */
const BENCH_KEY_LIMITS = {
  rateLimits: {
    requestsPerMinute: 100_000_000,
    tokensPerMinute: 1_000_000_000,
    requestsPerDay: 1_000_000_000,
    tokensPerDay: 1_000_000_000_000,
    concurrentRequests: 100_000,
  },
  budgets: { monthlyMicros: 1_000_000_000_000 },
};

async function seedSlaTiers(prisma: PrismaClient) {
  const tiers = [
    {
      id: 'free',
      name: 'Free',
      availabilityTargetBasisPoints: 9900,
      latencyP95TargetMs: 5000,
      ttftP95TargetMs: 2000,
      creditPercent: 0,
    },
    {
      id: 'pro',
      name: 'Pro',
      availabilityTargetBasisPoints: 9950,
      latencyP95TargetMs: 3000,
      ttftP95TargetMs: 1000,
      creditPercent: 10,
    },
    {
      id: 'enterprise',
      name: 'Enterprise',
      availabilityTargetBasisPoints: 9990,
      latencyP95TargetMs: 2000,
      ttftP95TargetMs: 600,
      creditPercent: 25,
    },
  ];
  for (const tier of tiers)
    await prisma.slaTier.upsert({ where: { id: tier.id }, create: tier, update: tier });
  await seedTierPolicyDefaults(prisma);
}

/**
 * Each tier's default policy, written once (a platform admin's later changes are kept): the share of a saturated
 * deployment each tier's tenants get, and the free tier's rate limits.
 */
const TIER_POLICY_DEFAULTS: Record<string, PolicyDocumentInput> = {
  free: {
    rateLimits: {
      tenant: { requestsPerMinute: 600, tokensPerMinute: 200_000, concurrentRequests: 20 },
      fairShareWeight: 1,
    },
  },
  pro: { rateLimits: { fairShareWeight: 4 } },
  enterprise: { rateLimits: { fairShareWeight: 16 } },
};

async function seedTierPolicyDefaults(prisma: PrismaClient) {
  for (const [tierId, document] of Object.entries(TIER_POLICY_DEFAULTS)) {
    const columns = policyColumnsFromDocument(policyDocumentSchema.parse(document));
    await prisma.tierPolicyDefaults.upsert({ where: { tierId }, create: { tierId, ...columns }, update: {} });
  }
}

/** The platform admin; a new random password is set (and written to admin-login) when none is on file. */
async function seedAdmin(prisma: PrismaClient, secretsDir: string): Promise<string> {
  const loginFile = join(secretsDir, 'admin-login');
  const existing = await prisma.user.findUnique({ where: { email: ADMIN_EMAIL } });
  if (existing && existsSync(loginFile)) return existing.id;
  const password = randomBase62(20);
  const passwordHash = await argon2Hash(password, { algorithm: Algorithm.Argon2id });
  const user = existing
    ? await prisma.user.update({ where: { id: existing.id }, data: { passwordHash } })
    : await prisma.user.create({
        data: {
          id: newId('usr'),
          email: ADMIN_EMAIL,
          name: 'Platform Admin',
          passwordHash,
          isPlatformAdmin: true,
          emailVerifiedAt: new Date(),
        },
      });
  writeFileSync(loginFile, `${ADMIN_EMAIL} / ${password}\n`, { mode: 0o600 });
  return user.id;
}

async function seedTenant(
  prisma: PrismaClient,
  ownerId: string,
  slug: string,
  name: string,
): Promise<string> {
  const existing = await prisma.tenant.findUnique({ where: { slug } });
  if (existing) return existing.id;
  const tenantId = newId('tnt');
  await prisma.$transaction([
    prisma.tenant.create({ data: { id: tenantId, slug, name, tierId: 'pro' } }),
    prisma.membership.create({ data: { id: newId('mem'), tenantId, userId: ownerId, role: 'owner' } }),
  ]);
  return tenantId;
}

/** One route with one deployment; a null tenant makes it platform-wide. */
async function upsertRoute(
  prisma: PrismaClient,
  tenantId: string | null,
  alias: string,
  target: DeploymentTarget,
) {
  const existing = await prisma.modelRoute.findFirst({ where: { tenantId, alias } });
  const routeId = existing?.id ?? newId('rte');
  if (!existing) {
    await prisma.modelRoute.create({
      data: { id: routeId, tenantId, alias, strategy: 'weighted', config: {} },
    });
  }
  const { credential, ...upstreamTarget } = target;
  const deployment = {
    ...upstreamTarget,
    weight: 1,
    priority: 0,
    region: 'local',
    tags: ['local', 'demo'],
    // Demo prices (USD micros per million tokens), so cost shows up in usage.
    inputPriceMicrosPerMillion: 150_000n,
    outputPriceMicrosPerMillion: 600_000n,
    cachedInputPriceMicrosPerMillion: 75_000n,
    enabled: true,
  };
  const name = `${alias}-primary`;
  const current = await prisma.deployment.findFirst({ where: { routeId, name } });
  const deploymentId = current?.id ?? newId('dep');
  // Sealed for this deployment id (envelope encryption binds the value to its row), never stored in plaintext.
  const sealed = {
    encryptedCredential: credential ? credential.sealer.seal(credential.apiKey, deploymentId) : null,
    credentialLastFour: credential && credential.apiKey.length >= 12 ? credential.apiKey.slice(-4) : null,
  };
  if (current)
    await prisma.deployment.update({ where: { id: current.id }, data: { ...deployment, ...sealed } });
  else
    await prisma.deployment.create({ data: { id: deploymentId, routeId, name, ...deployment, ...sealed } });
}

/** Reuses the key on file while it is still valid; otherwise issues a new one and writes it. */
async function seedKey(
  prisma: PrismaClient,
  tenantId: string,
  createdById: string,
  keyFile: string,
  name: string,
) {
  if (existsSync(keyFile)) {
    const secret = readFileSync(keyFile, 'utf8').trim();
    const stored = await prisma.apiKey.findUnique({ where: { hash: hashApiKey(secret) } });
    if (stored && stored.tenantId === tenantId && stored.revokedAt === null) {
      // Keys seeded before a scope existed get it, so the demo key calls every endpoint.
      await prisma.apiKey.update({ where: { id: stored.id }, data: { scopes: [...DEMO_KEY_SCOPES] } });
      return { id: stored.id, secret };
    }
  }
  const key = generateApiKey('lg_test_');
  const id = newId('key');
  await prisma.apiKey.create({
    data: {
      id,
      tenantId,
      name,
      prefix: key.prefix,
      hash: key.hash,
      lastFour: key.lastFour,
      scopes: [...DEMO_KEY_SCOPES],
      allowedModels: [],
      createdById,
    },
  });
  writeFileSync(keyFile, `${key.secret}\n`, { mode: 0o600 });
  return { id, secret: key.secret };
}
