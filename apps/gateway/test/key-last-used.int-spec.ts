import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyView } from '@llmguard/shared';
import {
  startControlPlane,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './control-plane/support/control-plane-harness';

// api_keys.last_used_at follows use without a SQL write per request: the data plane notes keys in Redis and the
// gateway flushes them to Postgres periodically (intervals shortened here so the test is fast).

let harness: ControlPlaneHarness;
let tenant: { slug: string; tenantId: string; owner: SignedUpUser };

beforeAll(async () => {
  harness = await startControlPlane({
    KEY_LAST_USED_RECORD_INTERVAL_MS: '50',
    KEY_LAST_USED_FLUSH_INTERVAL_MS: '200',
  });
  tenant = await harness.tenantWithOwner();
});

afterAll(async () => {
  await harness?.close();
});

async function createKey(name: string): Promise<{ key: ApiKeyView; secret: string }> {
  const response = await tenant.owner.client.post<{ key: ApiKeyView; secret: string }>(
    `/api/tenants/${tenant.slug}/api-keys`,
    { name },
  );
  expect(response.status).toBe(201);
  return response.body;
}

async function keyView(keyId: string): Promise<ApiKeyView> {
  return (await tenant.owner.client.get<ApiKeyView>(`/api/tenants/${tenant.slug}/api-keys/${keyId}`)).body;
}

describe('last used', () => {
  it('shows when a key was used after a flush, and leaves unused keys and updatedAt alone', async () => {
    const used = await createKey('used');
    const unused = await createKey('unused');
    expect(used.key.lastUsedAt).toBeNull();

    const usedAt = Date.now();
    const response = await fetch(`${harness.gateway.dataPlaneUrl}/v1/models`, {
      headers: { authorization: `Bearer ${used.secret}` },
    });
    expect(response.status).toBe(200);

    let view = await keyView(used.key.id);
    const deadline = Date.now() + 5_000;
    while (view.lastUsedAt === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      view = await keyView(used.key.id);
    }
    expect(view.lastUsedAt).not.toBeNull();
    expect(Date.parse(view.lastUsedAt!)).toBeGreaterThanOrEqual(usedAt - 1);
    expect(Date.parse(view.lastUsedAt!)).toBeLessThanOrEqual(Date.now());
    expect(view.updatedAt).toBe(used.key.updatedAt);
    expect((await keyView(unused.key.id)).lastUsedAt).toBeNull();

    // Flushed entries leave Redis: each use is written to Postgres once.
    expect(await harness.redis.hlen(`${harness.redisKeyPrefix}keys:last-used`)).toBe(0);
  });

  it('moves forward on later use, never back', async () => {
    const { key, secret } = await createKey('again');
    const use = () =>
      fetch(`${harness.gateway.dataPlaneUrl}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    await use();
    const waitForChange = async (previous: string | null) => {
      const deadline = Date.now() + 5_000;
      let view = await keyView(key.id);
      while (view.lastUsedAt === previous && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        view = await keyView(key.id);
      }
      return view.lastUsedAt;
    };
    const first = await waitForChange(null);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await use();
    const second = await waitForChange(first);
    expect(Date.parse(second!)).toBeGreaterThan(Date.parse(first!));

    // A stale time arriving late (another instance, a retried flush) does not move it back.
    await harness.redis.hset(
      `${harness.redisKeyPrefix}keys:last-used`,
      key.id,
      String(Date.parse(first!) - 60_000),
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await keyView(key.id)).lastUsedAt).toBe(second);
  });
});
