import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import {
  newId,
  type ApiKeyView,
  type AuditEntryView,
  type AuditListEntryView,
  type VerifyAuditLogResponse,
} from '@llmguard/shared';
import { OWNER_DATABASE_URL } from '../support/test-env';
import { errorOf } from './support/api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './support/control-plane-harness';

type Page<Item> = { data: Item[]; nextCursor: string | null };
type Issued = { key: ApiKeyView; secret: string };

let harness: ControlPlaneHarness;
// The tables' owner: tampering around the trigger and test triggers are beyond the application role, by design.
const tableOwner = createPrismaClient(OWNER_DATABASE_URL);

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
  await tableOwner.$disconnect();
});

/** A tenant whose chain holds: tenant.created, 3 × api_key.created, api_key.updated, api_key.revoked. */
async function busyTenant() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const keysPath = `/api/tenants/${slug}/api-keys`;
  const keys: Issued[] = [];
  for (const name of ['k1', 'k2', 'k3'])
    keys.push((await owner.client.post<Issued>(keysPath, { name })).body);
  await owner.client.patch(`${keysPath}/${keys[0]!.key.id}`, { name: 'k1-renamed' });
  await owner.client.post(`${keysPath}/${keys[1]!.key.id}/revoke`);
  const auditPath = `/api/tenants/${slug}/audit-log`;
  const verify = async () => (await owner.client.get<VerifyAuditLogResponse>(`${auditPath}/verify`)).body;
  return { slug, tenantId, owner, keys, keysPath, auditPath, verify };
}

describe('reading the audit log', () => {
  it('lists entries newest first with actor, target, address and user agent, and no secrets or hashes', async () => {
    const { owner, auditPath, keys } = await busyTenant();
    const response = await owner.client.get<Page<AuditEntryView>>(auditPath);
    expect(response.status).toBe(200);
    expect(response.body.data.map((entry) => entry.action)).toEqual([
      'api_key.revoked',
      'api_key.updated',
      'api_key.created',
      'api_key.created',
      'api_key.created',
      'tenant.created',
    ]);
    expect(response.body.data.map((entry) => entry.sequence)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(response.body.data[0]).toMatchObject({
      actorType: 'user',
      actorId: owner.id,
      targetType: 'api_key',
      targetId: keys[1]!.key.id,
      ip: '127.0.0.1',
      userAgent: expect.any(String),
    });
    const text = JSON.stringify(response.body);
    for (const { secret } of keys) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/"hash":"[0-9a-f]{64}","lastFour/);
    const created = response.body.data.find((entry) => entry.action === 'api_key.created');
    expect(Object.keys(created?.after as object)).not.toContain('hash');
  });

  it('filters by action (exact or resource.*), actor, target and time, and pages with a bounded size', async () => {
    const { owner, auditPath, keys } = await busyTenant();
    const get = (query: Record<string, string | number>) =>
      owner.client.get<Page<AuditEntryView>>(auditPath, { query });

    expect((await get({ action: 'api_key.created' })).body.data).toHaveLength(3);
    expect((await get({ action: 'api_key.*' })).body.data).toHaveLength(5);
    expect((await get({ actorId: owner.id })).body.data).toHaveLength(6);
    expect((await get({ actorId: 'usr_nobody' })).body.data).toHaveLength(0);
    const forKey = (await get({ targetType: 'api_key', targetId: keys[0]!.key.id })).body.data;
    expect(forKey.map((entry) => entry.action)).toEqual(['api_key.updated', 'api_key.created']);
    expect((await get({ to: new Date(Date.now() - 3_600_000).toISOString() })).body.data).toHaveLength(0);
    expect((await get({ from: new Date(Date.now() - 3_600_000).toISOString() })).body.data).toHaveLength(6);

    const first = await get({ limit: 4 });
    expect(first.body.data.map((entry) => entry.sequence)).toEqual([6, 5, 4, 3]);
    const second = await get({ limit: 4, cursor: first.body.nextCursor ?? '' });
    expect(second.body.data.map((entry) => entry.sequence)).toEqual([2, 1]);
    expect(second.body.nextCursor).toBeNull();

    expect((await get({ limit: 1000 })).status).toBe(400);
    const badCursor = await get({ cursor: 'abc' });
    expect(errorOf(badCursor).errors?.[0]?.location).toBe('query.cursor');
  });
});

describe('who acted, and searching', () => {
  it("names each entry's actor: the user (with email, platform admin or not) or the management key", async () => {
    const { slug, owner, auditPath, keysPath } = await busyTenant();
    const bot = (
      await owner.client.post<Issued>(keysPath, {
        name: 'deploy-bot',
        kind: 'management',
        scopes: ['keys:write'],
      })
    ).body;
    const botClient = harness.client();
    await botClient.post(
      keysPath,
      { name: 'made-by-bot' },
      { headers: { authorization: `Bearer ${bot.secret}` } },
    );
    const admin = await harness.signUp({ name: 'Operator' });
    await harness.prisma.user.update({ where: { id: admin.id }, data: { isPlatformAdmin: true } });
    const policy = await admin.client.post(`/api/tenants/${slug}/policy/versions`, {
      document: { rateLimits: { tenant: { tokensPerMinute: 1000 } } },
      expectedVersion: null,
    });
    expect(policy.status).toBe(201);

    const entries = (await owner.client.get<Page<AuditListEntryView>>(auditPath)).body.data;
    const byAction = (action: string) => entries.find((entry) => entry.action === action);
    expect(byAction('tenant.created')?.actor).toEqual({
      name: 'Test User',
      email: owner.email,
      isPlatformAdmin: false,
    });
    const keyCreatedByBot = entries.find(
      (entry) => entry.action === 'api_key.created' && entry.actorType === 'api_key',
    );
    expect(keyCreatedByBot?.actor).toEqual({ name: 'deploy-bot', email: null, isPlatformAdmin: false });
    expect(entries[0]).toMatchObject({
      actorType: 'user',
      actorId: admin.id,
      actor: { name: 'Operator', email: admin.email, isPlatformAdmin: true },
    });
  });

  it('searches action, target and the actor by email or key name, case-insensitively, in the list', async () => {
    const { owner, auditPath, keys } = await busyTenant();
    const search = async (text: string) =>
      (await owner.client.get<Page<AuditListEntryView>>(auditPath, { query: { search: text } })).body.data;

    expect((await search('REVOKED')).map((entry) => entry.action)).toEqual(['api_key.revoked']);
    expect(await search(keys[0]!.key.id.slice(4))).toHaveLength(2);
    expect(await search(owner.email.toUpperCase())).toHaveLength(6);
    // LIKE wildcards match themselves only.
    expect(await search('%')).toHaveLength(0);
    expect(await search('api_key.created')).toHaveLength(3);
  });
});

describe('writing the audit log', () => {
  it('verifies a chain written by the API as valid', async () => {
    const { verify } = await busyTenant();
    expect(await verify()).toEqual({ valid: true, checked: 6 });
  });

  it('never forks the chain under concurrent changes: sequences stay 1..n and every link holds', async () => {
    const { owner, keysPath, verify, tenantId } = await busyTenant();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => owner.client.post(keysPath, { name: `parallel-${index}` })),
    );
    expect(responses.every((response) => response.status === 201)).toBe(true);
    const sequences = (
      await harness.prisma.auditLogEntry.findMany({ where: { tenantId }, orderBy: { sequence: 'asc' } })
    ).map((entry) => Number(entry.sequence));
    expect(sequences).toEqual(Array.from({ length: 26 }, (_, index) => index + 1));
    expect(await verify()).toEqual({ valid: true, checked: 26 });
  });

  it('rolls the change back when its audit entry cannot be written (same transaction)', async () => {
    const { owner, keysPath, tenantId } = await busyTenant();
    const marker = `audit-fails-${uniqueTag()}`;
    const drop = await withTrigger(
      'audit_log',
      'INSERT',
      `NEW.after->>'name' = '${marker}'`,
      'audit write refused by test',
    );
    try {
      const response = await owner.client.post(keysPath, { name: marker });
      expect(response.status).toBe(500);
    } finally {
      await drop();
    }
    expect(await harness.prisma.apiKey.count({ where: { tenantId, name: marker } })).toBe(0);
  });

  it('writes no entry when the change fails, and the chain stays whole', async () => {
    const { owner, keysPath, tenantId, keys, verify } = await busyTenant();
    const marker = `change-fails-${uniqueTag()}`;
    const drop = await withTrigger(
      'api_keys',
      'UPDATE',
      `NEW.name = '${marker}'`,
      'key update refused by test',
    );
    try {
      const response = await owner.client.patch(`${keysPath}/${keys[2]!.key.id}`, { name: marker });
      expect(response.status).toBe(500);
    } finally {
      await drop();
    }
    expect(await harness.prisma.auditLogEntry.count({ where: { tenantId } })).toBe(6);
    await owner.client.patch(`${keysPath}/${keys[2]!.key.id}`, { name: 'works again' });
    expect(await verify()).toEqual({ valid: true, checked: 7 });
  });
});

describe('verifying the chain after tampering', () => {
  it('reports the first edited entry (hash_mismatch) when a row is changed behind the trigger', async () => {
    const { tenantId, verify } = await busyTenant();
    await asTableOwner(
      `UPDATE audit_log SET after = jsonb_set(after, '{name}', '"forged"') WHERE tenant_id = '${tenantId}' AND sequence = 3`,
    );
    const report = await verify();
    expect(report).toMatchObject({
      valid: false,
      checked: 3,
      firstBrokenAt: { sequence: 3, reason: 'hash_mismatch' },
    });
  });

  it('reports a deleted entry as a sequence gap', async () => {
    const { tenantId, verify } = await busyTenant();
    await asTableOwner(`DELETE FROM audit_log WHERE tenant_id = '${tenantId}' AND sequence = 4`);
    expect(await verify()).toMatchObject({
      valid: false,
      checked: 4,
      firstBrokenAt: { sequence: 5, reason: 'sequence_gap' },
    });
  });

  it('reports a forged entry appended with a made-up hash', async () => {
    const { tenantId, verify } = await busyTenant();
    const head = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId },
      orderBy: { sequence: 'desc' },
    });
    const forged = newId('aud');
    await harness.prisma.auditLogEntry.create({
      data: {
        id: forged,
        tenantId,
        sequence: head.sequence + 1n,
        actorType: 'system',
        action: 'api_key.created',
        previousHash: head.hash,
        hash: 'f'.repeat(64),
      },
    });
    expect(await verify()).toEqual({
      valid: false,
      checked: 7,
      firstBrokenAt: { id: forged, sequence: 7, reason: 'hash_mismatch' },
    });
  });

  it('reports an entry that does not link to its predecessor', async () => {
    const { tenantId, verify } = await busyTenant();
    await harness.prisma.auditLogEntry.create({
      data: {
        id: newId('aud'),
        tenantId,
        sequence: 7n,
        actorType: 'system',
        action: 'tenant.updated',
        previousHash: '0'.repeat(64),
        hash: '1'.repeat(64),
      },
    });
    expect((await verify()).firstBrokenAt).toMatchObject({ sequence: 7, reason: 'previous_hash_mismatch' });
  });
});

/**
 * Runs a statement with the append-only trigger disabled, inside one transaction: DDL is transactional in
 * Postgres, so no other session ever sees the trigger off.
 */
async function asTableOwner(statement: string): Promise<void> {
  await tableOwner.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await tx.$executeRawUnsafe(statement);
    await tx.$executeRawUnsafe('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  });
}

/** A temporary trigger that fails writes matching `condition` (only this test's rows); returns its remover. */
async function withTrigger(
  table: string,
  operation: 'INSERT' | 'UPDATE',
  condition: string,
  message: string,
) {
  const name = `test_fail_${uniqueTag()}`;
  await tableOwner.$executeRawUnsafe(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN IF ${condition} THEN RAISE EXCEPTION '${message}'; END IF; RETURN NEW; END $$`,
  );
  await tableOwner.$executeRawUnsafe(
    `CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`,
  );
  return async () => {
    await tableOwner.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
    await tableOwner.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${name}()`);
  };
}
