import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyView } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

type Issued = { key: ApiKeyView; secret: string };

async function tenant() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  return { tenantId, client: owner.client, keys: `/api/tenants/${slug}/api-keys` };
}

describe('400 validation_failed on keys', () => {
  it('lists every bad field of a creation', async () => {
    const { client, keys, tenantId } = await tenant();
    const response = await client.post(keys, {
      name: '',
      scopes: ['everything'],
      allowedModels: ['has space'],
      expiresAt: '2000-01-01T00:00:00Z',
      limitOverrides: { rateLimits: { requestsPerMinute: -1 } },
      hash: 'mine',
    });
    expect(response.status).toBe(400);
    expect(
      errorOf(response)
        .errors?.map((detail) => detail.location)
        .sort(),
    ).toEqual([
      'body.allowedModels.0',
      'body.expiresAt',
      'body.hash',
      'body.limitOverrides.rateLimits.requestsPerMinute',
      'body.name',
      'body.scopes.0',
    ]);
    expect(await harness.prisma.apiKey.count({ where: { tenantId } })).toBe(0);
  });

  it('refuses a rotation overlap more than 30 days ahead', async () => {
    const { client, keys } = await tenant();
    const { body } = await client.post<Issued>(keys, { name: 'k' });
    const response = await client.post(`${keys}/${body.key.id}/rotate`, {
      overlapEndsAt: new Date(Date.now() + 31 * 86_400_000).toISOString(),
    });
    expect(response.status).toBe(400);
    expect(errorOf(response).errors?.[0]?.location).toBe('body.overlapEndsAt');
  });
});

describe('404 and 409 on keys', () => {
  it('answers 404 for an unknown key id, well-formed or not', async () => {
    const { client, keys } = await tenant();
    for (const id of ['key_0000000000000000000000', 'nonsense']) {
      const response = await client.get(`${keys}/${id}`);
      expect(response.status).toBe(404);
      expect(errorOf(response).message).toBe('API key not found.');
    }
  });

  it('refuses to change or rotate a revoked key', async () => {
    const { client, keys } = await tenant();
    const { body } = await client.post<Issued>(keys, { name: 'gone' });
    await client.post(`${keys}/${body.key.id}/revoke`);
    expect(errorOf(await client.patch(`${keys}/${body.key.id}`, { name: 'x' })).code).toBe('conflict');
    expect((await client.post(`${keys}/${body.key.id}/rotate`)).status).toBe(409);
  });

  it('rotates a key once: a second rotation, even concurrent, is 409', async () => {
    const { client, keys, tenantId } = await tenant();
    const { body } = await client.post<Issued>(keys, { name: 'once' });
    const overlap = { overlapEndsAt: new Date(Date.now() + 60_000).toISOString() };
    const results = await Promise.all([
      client.post(`${keys}/${body.key.id}/rotate`, overlap),
      client.post(`${keys}/${body.key.id}/rotate`, overlap),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
    expect(await harness.prisma.apiKey.count({ where: { tenantId, rotatedFromId: body.key.id } })).toBe(1);
    expect(await harness.prisma.auditLogEntry.count({ where: { tenantId, action: 'api_key.rotated' } })).toBe(
      1,
    );
  });
});
