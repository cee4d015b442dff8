import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash as argon2Hash } from '@node-rs/argon2';
import type { PrismaClient } from '@llmguard/db';
import { generateApiKey, hashApiKey, newId, randomBase62 } from '@llmguard/shared';

export type SeedOptions = {
  /** Where the demo key and admin password are kept between runs (git-ignored `.run/<profile>`). */
  secretsDir: string;
  /** Base URL of the demo upstream, e.g. http://127.0.0.1:9100 */
  demoUpstreamUrl: string;
};

export type SeedResult = { tenantId: string; apiKeyId: string; apiKey: string; adminEmail: string };

export const ADMIN_EMAIL = 'admin@llmguard.local';
export const DEMO_TENANT_SLUG = 'demo';

/** Idempotent: running it again keeps the same tenant, key and password. */
export async function seed(prisma: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  mkdirSync(options.secretsDir, { recursive: true, mode: 0o700 });
  await seedSlaTiers(prisma);
  const adminId = await seedAdmin(prisma, options.secretsDir);
  const tenantId = await seedDemoTenant(prisma, adminId);
  await seedDemoRoutes(prisma, options.demoUpstreamUrl);
  const key = await seedDemoKey(prisma, tenantId, adminId, options.secretsDir);
  return { tenantId, apiKeyId: key.id, apiKey: key.secret, adminEmail: ADMIN_EMAIL };
}

async function seedSlaTiers(prisma: PrismaClient) {
  const tiers = [
    { id: 'free', name: 'Free', availabilityTargetBasisPoints: 9900, latencyP95TargetMs: 5000, ttftP95TargetMs: 2000, creditPercent: 0 },
    { id: 'pro', name: 'Pro', availabilityTargetBasisPoints: 9950, latencyP95TargetMs: 3000, ttftP95TargetMs: 1000, creditPercent: 10 },
    { id: 'enterprise', name: 'Enterprise', availabilityTargetBasisPoints: 9990, latencyP95TargetMs: 2000, ttftP95TargetMs: 600, creditPercent: 25 },
  ];
  for (const tier of tiers) await prisma.slaTier.upsert({ where: { id: tier.id }, create: tier, update: tier });
}

async function seedAdmin(prisma: PrismaClient, secretsDir: string): Promise<string> {
  const loginFile = join(secretsDir, 'admin-login');
  const existing = await prisma.user.findUnique({ where: { email: ADMIN_EMAIL } });
  if (existing && existsSync(loginFile)) return existing.id;
  const password = randomBase62(20);
  const passwordHash = await argon2Hash(password, { algorithm: 2 /* argon2id */ });
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

async function seedDemoTenant(prisma: PrismaClient, adminId: string): Promise<string> {
  const existing = await prisma.tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG } });
  if (existing) return existing.id;
  const tenantId = newId('tnt');
  await prisma.$transaction([
    prisma.tenant.create({ data: { id: tenantId, slug: DEMO_TENANT_SLUG, name: 'Demo Company', tierId: 'pro' } }),
    prisma.membership.create({ data: { id: newId('mem'), tenantId, userId: adminId, role: 'owner' } }),
  ]);
  return tenantId;
}

/** Platform-wide routes (no tenant) to the demo upstream, one per wire format and embeddings. */
async function seedDemoRoutes(prisma: PrismaClient, demoUpstreamUrl: string) {
  const routes = [
    { alias: 'demo-chat', provider: 'openai', baseUrl: `${demoUpstreamUrl}/v1`, upstreamModel: 'demo-chat-1' },
    { alias: 'demo-claude', provider: 'anthropic', baseUrl: demoUpstreamUrl, upstreamModel: 'demo-claude-1' },
    { alias: 'demo-embed', provider: 'openai', baseUrl: `${demoUpstreamUrl}/v1`, upstreamModel: 'demo-embed-1' },
  ] as const;
  for (const route of routes) {
    const existing = await prisma.modelRoute.findFirst({ where: { tenantId: null, alias: route.alias } });
    const routeId = existing?.id ?? newId('rte');
    if (!existing) {
      await prisma.modelRoute.create({ data: { id: routeId, alias: route.alias, strategy: 'weighted', config: {} } });
    }
    const deployment = {
      provider: route.provider,
      baseUrl: route.baseUrl,
      upstreamModel: route.upstreamModel,
      weight: 1,
      priority: 0,
      region: 'local',
      tags: ['local', 'demo'],
      // Demo prices (USD micros per million tokens), so cost shows up in the portal.
      inputPriceMicrosPerMillion: 150_000n,
      outputPriceMicrosPerMillion: 600_000n,
      cachedInputPriceMicrosPerMillion: 75_000n,
      enabled: true,
    };
    const name = `${route.alias}-demo-upstream`;
    const current = await prisma.deployment.findFirst({ where: { routeId, name } });
    if (current) await prisma.deployment.update({ where: { id: current.id }, data: deployment });
    else await prisma.deployment.create({ data: { id: newId('dep'), routeId, name, ...deployment } });
  }
}

async function seedDemoKey(prisma: PrismaClient, tenantId: string, adminId: string, secretsDir: string) {
  const keyFile = join(secretsDir, 'demo-api-key');
  if (existsSync(keyFile)) {
    const secret = readFileSync(keyFile, 'utf8').trim();
    const stored = await prisma.apiKey.findUnique({ where: { hash: hashApiKey(secret) } });
    if (stored && stored.tenantId === tenantId && stored.revokedAt === null) return { id: stored.id, secret };
  }
  const key = generateApiKey('lg_test_');
  const id = newId('key');
  await prisma.apiKey.create({
    data: {
      id,
      tenantId,
      name: 'Demo key',
      prefix: key.prefix,
      hash: key.hash,
      lastFour: key.lastFour,
      scopes: ['inference'],
      allowedModels: [],
      createdById: adminId,
    },
  });
  writeFileSync(keyFile, `${key.secret}\n`, { mode: 0o600 });
  return { id, secret: key.secret };
}
