import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { newId } from '@llmguard/shared';
import {
  createCredentialCipher,
  createEnvelopeCipher,
  createMasterKeyring,
  rewrapDeploymentCredentials,
} from '../src/crypto';

const prisma = createPrismaClient(
  process.env.MIGRATION_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test',
);
const LEGACY_SECRET = 'r'.repeat(40);
const key0 = `k0:${randomBytes(32).toString('base64')}`;
const key1 = `k1:${randomBytes(32).toString('base64')}`;
const sealerWith = (masterKeys: string) =>
  createEnvelopeCipher(createMasterKeyring({ masterKeys, legacySecret: LEGACY_SECRET }), LEGACY_SECRET);

const createdRouteIds: string[] = [];

afterAll(async () => {
  // Platform routes are seen by every tenant: leave none behind for other suites.
  await prisma.modelRoute.deleteMany({ where: { id: { in: createdRouteIds } } });
  await prisma.$disconnect();
});

/** A platform route (no tenant needed) with deployments holding the given sealed values, made by `seal(id)`. */
async function routeWith(seals: ((deploymentId: string) => string | null)[]) {
  const routeId = newId('rte');
  createdRouteIds.push(routeId);
  await prisma.modelRoute.create({ data: { id: routeId, tenantId: null, alias: `rewrap-${routeId}` } });
  const ids = seals.map(() => newId('dep'));
  await prisma.deployment.createMany({
    data: seals.map((seal, index) => ({
      id: ids[index]!,
      routeId,
      name: `d${index}`,
      provider: 'openai' as const,
      baseUrl: 'http://127.0.0.1:1/v1',
      upstreamModel: 'm',
      inputPriceMicrosPerMillion: 0n,
      outputPriceMicrosPerMillion: 0n,
      cachedInputPriceMicrosPerMillion: 0n,
      encryptedCredential: seal(ids[index]!),
    })),
  });
  return { routeId, ids };
}

describe('rewrapDeploymentCredentials', () => {
  it('moves every credential under the current master key, so the old key and v1 secret can be dropped', async () => {
    const old = sealerWith(key0);
    const { routeId, ids } = await routeWith([
      (id) => old.seal('sk-under-k0', id),
      () => createCredentialCipher(LEGACY_SECRET).encrypt('sk-from-v1'),
      () => null,
    ]);
    const before = await prisma.deployment.findMany({ where: { routeId }, orderBy: { name: 'asc' } });

    const rotated = sealerWith(`${key1},${key0}`);
    const report = await rewrapDeploymentCredentials(prisma, rotated, { only: { routeId } });
    expect(report).toEqual({ examined: 2, rewrapped: 2, failedDeploymentIds: [] });

    const after = await prisma.deployment.findMany({ where: { routeId }, orderBy: { name: 'asc' } });
    // Only the wrapping of the data key changed: IV, tag and ciphertext of the v2 value are untouched.
    expect(after[0]!.encryptedCredential!.split('.').slice(3)).toEqual(
      before[0]!.encryptedCredential!.split('.').slice(3),
    );
    const onlyNewKey = createEnvelopeCipher(
      createMasterKeyring({ masterKeys: key1, legacySecret: 'x'.repeat(40) }),
    );
    expect(onlyNewKey.open(after[0]!.encryptedCredential!, ids[0]!)).toBe('sk-under-k0');
    expect(onlyNewKey.open(after[1]!.encryptedCredential!, ids[1]!)).toBe('sk-from-v1');
    expect(after[2]!.encryptedCredential).toBeNull();

    // Idempotent: a second run has nothing left to do.
    expect(await rewrapDeploymentCredentials(prisma, rotated, { only: { routeId } })).toMatchObject({
      rewrapped: 0,
    });
  });

  it('reports the credentials it cannot open and leaves them as they are', async () => {
    const stranger = sealerWith(`k9:${randomBytes(32).toString('base64')}`);
    const { routeId, ids } = await routeWith([(id) => stranger.seal('sk-unknown-key', id)]);
    const sealed = (await prisma.deployment.findUniqueOrThrow({ where: { id: ids[0]! } }))
      .encryptedCredential;

    const report = await rewrapDeploymentCredentials(prisma, sealerWith(key1), { only: { routeId } });
    expect(report).toEqual({ examined: 1, rewrapped: 0, failedDeploymentIds: [ids[0]] });
    const row = await prisma.deployment.findUniqueOrThrow({ where: { id: ids[0]! } });
    expect(row.encryptedCredential).toBe(sealed);
  });
});
