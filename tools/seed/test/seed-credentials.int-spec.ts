import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { credentialSealerFromEnv } from '@llmguard/server';
import { commonEnvSchema, credentialKeysEnvShape, parseEnv } from '@llmguard/shared';
import { seed } from '../src/seed';

const prisma = createPrismaClient(
  process.env.MIGRATION_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test',
);
const sealer = credentialSealerFromEnv(parseEnv('seed', commonEnvSchema.extend(credentialKeysEnvShape), {}));
const options = () => ({
  secretsDir: mkdtempSync(join(tmpdir(), 'llmguard-seed-')),
  demoUpstreamUrl: 'http://127.0.0.1:9100',
});

afterAll(async () => {
  // Leave the demo routes as a plain seed makes them (no credential), for the suites that use them.
  await seed(prisma, options());
  await prisma.$disconnect();
});

describe('seed credentials', () => {
  it('seals the demo upstream key per deployment (v2, bound to the row) and never stores it in plaintext', async () => {
    const apiKey = 'demo-upstream-key-4242';
    await seed(prisma, { ...options(), demoUpstreamCredential: { apiKey, sealer } });
    const deployments = await prisma.deployment.findMany({
      where: { route: { tenantId: null, alias: { in: ['demo-chat', 'demo-claude', 'demo-embed'] } } },
    });
    expect(deployments).toHaveLength(3);
    for (const deployment of deployments) {
      expect(deployment.encryptedCredential).toMatch(/^v2\./);
      expect(deployment.encryptedCredential).not.toContain(apiKey);
      expect(deployment.credentialLastFour).toBe('4242');
      expect(sealer.open(deployment.encryptedCredential!, deployment.id)).toBe(apiKey);
    }
    // Sealed per row: one deployment's value does not open as another's.
    const [first, second] = deployments;
    expect(() => sealer.open(first!.encryptedCredential!, second!.id)).toThrow();
  });

  it('removes the demo credential when seeded without one', async () => {
    await seed(prisma, options());
    const deployments = await prisma.deployment.findMany({
      where: { route: { tenantId: null, alias: 'demo-chat' } },
    });
    expect(deployments.map((deployment) => deployment.encryptedCredential)).toEqual([null]);
  });
});
