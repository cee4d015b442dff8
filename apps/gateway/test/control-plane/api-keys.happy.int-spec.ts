import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, type ApiKeyView } from '@llmguard/shared';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

type Issued = { key: ApiKeyView; secret: string };
type Rotated = Issued & { previousKey: ApiKeyView };
type Page<Item> = { data: Item[]; nextCursor: string | null };

async function tenant() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const keys = `/api/tenants/${slug}/api-keys`;
  return { slug, tenantId, owner, client: owner.client, keys };
}

describe('creating a key', () => {
  it('returns an lg_live_ secret once and stores only its SHA-256 hash, prefix and last four', async () => {
    const { client, keys, tenantId, owner } = await tenant();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const response = await client.post<Issued>(keys, {
      name: 'CI',
      scopes: ['inference', 'embeddings', 'inference'],
      allowedModels: ['gpt-4o-mini'],
      expiresAt,
      limitOverrides: { rateLimits: { requestsPerMinute: 60 } },
    });
    expect(response.status).toBe(201);
    const { key, secret } = response.body;
    expect(secret).toMatch(/^lg_live_[0-9A-Za-z]{40}$/);
    expect(key).toMatchObject({
      name: 'CI',
      kind: 'data_plane',
      prefix: 'lg_live_',
      lastFour: secret.slice(-4),
      status: 'active',
      scopes: ['inference', 'embeddings'],
      allowedModels: ['gpt-4o-mini'],
      limitOverrides: { rateLimits: { requestsPerMinute: 60 } },
      expiresAt,
      createdById: owner.id,
    });
    const row = await harness.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row).toMatchObject({ tenantId, hash: hashApiKey(secret), lastFour: secret.slice(-4) });
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('defaults to every data-plane scope, every model and no expiry', async () => {
    const { client, keys } = await tenant();
    const { body } = await client.post<Issued>(keys, { name: 'defaults' });
    expect(body.key).toMatchObject({
      scopes: ['inference', 'embeddings', 'audio', 'images'],
      allowedModels: [],
      expiresAt: null,
      limitOverrides: null,
    });
  });
});

describe('listing keys', () => {
  it('shows prefix, last four, created and last used, never the hash or the secret, newest first', async () => {
    const { client, keys } = await tenant();
    const created: Issued[] = [];
    for (const name of ['one', 'two', 'three'])
      created.push((await client.post<Issued>(keys, { name })).body);

    const first = await client.get<Page<ApiKeyView>>(keys, { query: { limit: 2 } });
    expect(first.body.data.map((key) => key.name)).toEqual(['three', 'two']);
    const second = await client.get<Page<ApiKeyView>>(keys, {
      query: { limit: 2, cursor: first.body.nextCursor ?? '' },
    });
    expect(second.body.data.map((key) => key.name)).toEqual(['one']);
    expect(second.body.nextCursor).toBeNull();

    const text = JSON.stringify([first.body, second.body]);
    for (const issued of created) {
      expect(text).not.toContain(issued.secret);
      expect(text).not.toContain(hashApiKey(issued.secret));
    }
    expect(Object.keys(first.body.data[0] ?? {})).not.toContain('hash');
    expect(first.body.data[0]).toHaveProperty('lastUsedAt', null);
    expect(first.body.data[0]).toHaveProperty('createdAt');
  });

  it('reads one key by id', async () => {
    const { client, keys } = await tenant();
    const { body } = await client.post<Issued>(keys, { name: 'single' });
    const response = await client.get<ApiKeyView>(`${keys}/${body.key.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(body.key);
  });
});

describe('changing a key', () => {
  it('renames and re-scopes a key, audits the change, and drops the shared cache entry', async () => {
    const { client, keys, tenantId } = await tenant();
    const { body } = await client.post<Issued>(keys, { name: 'before' });
    const cacheKey = `${harness.redisKeyPrefix}keys:by-hash:${hashApiKey(body.secret)}`;
    await harness.redis.set(cacheKey, '{"stale":true}');

    const response = await client.patch<ApiKeyView>(`${keys}/${body.key.id}`, {
      name: 'after',
      allowedModels: ['demo-chat'],
      expiresAt: null,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'after', allowedModels: ['demo-chat'] });
    expect(await harness.redis.exists(cacheKey)).toBe(0);
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId, action: 'api_key.updated', targetId: body.key.id },
    });
    expect(entry.before).toMatchObject({ name: 'before', allowedModels: [] });
    expect(entry.after).toMatchObject({ name: 'after', allowedModels: ['demo-chat'] });
  });

  it('revokes a key; revoking again changes nothing and writes no second entry', async () => {
    const { client, keys, tenantId } = await tenant();
    const { body } = await client.post<Issued>(keys, { name: 'doomed' });
    const revoked = await client.post<ApiKeyView>(`${keys}/${body.key.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked' });
    expect(revoked.body.revokedAt).not.toBeNull();
    const again = await client.post<ApiKeyView>(`${keys}/${body.key.id}/revoke`);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    expect(
      await harness.prisma.auditLogEntry.count({
        where: { tenantId, action: 'api_key.revoked', targetId: body.key.id },
      }),
    ).toBe(1);
  });

  it('rotates a key: new secret, same settings, rotatedFromId, and the old key expires at the chosen overlap end', async () => {
    const { client, keys } = await tenant();
    const { body: original } = await client.post<Issued>(keys, {
      name: 'rotating',
      scopes: ['embeddings'],
      allowedModels: ['m1'],
    });
    const overlapEndsAt = new Date(Date.now() + 3_600_000).toISOString();
    const response = await client.post<Rotated>(`${keys}/${original.key.id}/rotate`, { overlapEndsAt });
    expect(response.status).toBe(201);
    const { key, secret, previousKey } = response.body;
    expect(secret).not.toBe(original.secret);
    expect(key).toMatchObject({
      name: 'rotating',
      scopes: ['embeddings'],
      allowedModels: ['m1'],
      rotatedFromId: original.key.id,
      rotationOverlapEndsAt: overlapEndsAt,
      status: 'active',
    });
    expect(previousKey).toMatchObject({ id: original.key.id, expiresAt: overlapEndsAt, status: 'active' });
  });

  it('rotates with no overlap by default: the old key is expired at once', async () => {
    const { client, keys } = await tenant();
    const { body: original } = await client.post<Issued>(keys, { name: 'now' });
    const { body } = await client.post<Rotated>(`${keys}/${original.key.id}/rotate`);
    expect(body.previousKey.status).toBe('expired');
    expect(Date.parse(body.previousKey.expiresAt ?? '')).toBeLessThanOrEqual(Date.now());
  });
});
