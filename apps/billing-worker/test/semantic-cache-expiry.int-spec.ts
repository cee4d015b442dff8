import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { newId } from '@llmguard/shared';
import { SemanticCacheExpiry } from '../src/maintenance/semantic-cache-expiry';
import { testWorkerEnv } from './support/usage-fixtures';

const env = testWorkerEnv();
const prisma = createPrismaClient(env.DATABASE_URL);
const expiry = new SemanticCacheExpiry(prisma);
const TENANT = newId('tnt');
// The job deletes across tenants, so the test runs it "in 2000": it can only reach entries this suite wrote to
// expire in 1999, never the live entries of other suites sharing the database.
const now = new Date(Date.UTC(2000, 0, 1));
const vector = `[${new Array<number>(256).fill(0.0625).join(',')}]`;

async function insertEntry(id: string, expiresAt: Date): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO semantic_cache_entries (id, tenant_id, model, prompt_hash, embedding, response, expires_at)
    VALUES (${id}, ${TENANT}, 'demo-chat', ${id}, ${vector}::vector, '{}', ${expiresAt})`;
}

beforeAll(async () => {
  await prisma.tenant.create({
    data: { id: TENANT, slug: TENANT.replaceAll('_', '-').toLowerCase(), name: TENANT, tierId: 'free' },
  });
});

afterAll(async () => {
  await prisma.tenant.delete({ where: { id: TENANT } });
  await prisma.$disconnect();
});

describe('semantic cache expiry', () => {
  it('deletes the entries past their expiry and keeps the others', async () => {
    await insertEntry(`sce_${TENANT}_expired`, new Date(Date.UTC(1999, 11, 31)));
    await insertEntry(`sce_${TENANT}_live`, new Date(Date.UTC(2000, 0, 2)));
    expect(await expiry.deleteExpired(now)).toBeGreaterThanOrEqual(1);
    const left = await prisma.semanticCacheEntry.findMany({
      where: { tenantId: TENANT },
      select: { id: true },
    });
    expect(left.map((row) => row.id)).toEqual([`sce_${TENANT}_live`]);
  });
});
