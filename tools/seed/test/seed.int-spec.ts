import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { hashApiKey } from '@llmguard/shared';
import { seed } from '../src/seed';

const prisma = createPrismaClient(
  process.env.MIGRATION_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test',
);

afterAll(async () => {
  await prisma.$disconnect();
});

describe('seed', () => {
  it('creates the demo tenant, key and routes, and keeps them when run again', async () => {
    const secretsDir = mkdtempSync(join(tmpdir(), 'llmguard-seed-'));
    const options = { secretsDir, demoUpstreamUrl: 'http://127.0.0.1:9100' };
    const first = await seed(prisma, options);
    const second = await seed(prisma, options);
    expect(second).toEqual(first);

    const keyOnFile = readFileSync(join(secretsDir, 'demo-api-key'), 'utf8').trim();
    expect(keyOnFile).toBe(first.apiKey);
    expect(statSync(join(secretsDir, 'demo-api-key')).mode & 0o077).toBe(0);
    const key = await prisma.apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(keyOnFile) } });
    expect(key).toMatchObject({ tenantId: first.tenantId, revokedAt: null, lastFour: keyOnFile.slice(-4) });

    const routes = await prisma.modelRoute.findMany({
      where: { tenantId: null },
      include: { deployments: true },
    });
    const aliases = routes.map((route) => route.alias);
    expect(aliases).toEqual(expect.arrayContaining(['demo-chat', 'demo-claude', 'demo-embed']));
    for (const route of routes.filter((r) => r.alias.startsWith('demo-')))
      expect(route.deployments).toHaveLength(1);

    const admin = await prisma.user.findUniqueOrThrow({ where: { email: first.adminEmail } });
    expect(admin.isPlatformAdmin).toBe(true);
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('issues a new demo key when the one on file no longer exists', async () => {
    const secretsDir = mkdtempSync(join(tmpdir(), 'llmguard-seed-'));
    const options = { secretsDir, demoUpstreamUrl: 'http://127.0.0.1:9100' };
    const first = await seed(prisma, options);
    await prisma.apiKey.update({ where: { id: first.apiKeyId }, data: { revokedAt: new Date() } });
    const second = await seed(prisma, options);
    expect(second.apiKey).not.toBe(first.apiKey);
    expect(readFileSync(join(secretsDir, 'demo-api-key'), 'utf8').trim()).toBe(second.apiKey);
  });
});
