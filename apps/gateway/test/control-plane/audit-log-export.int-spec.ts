import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyView, AuditEntryView, VerifyAuditLogResponse } from '@llmguard/shared';
import { AuditLogWriter } from '../../src/control-plane/audit-log/audit-log.writer';
import { errorOf } from './support/api-client';
import { csvRecords, download } from './support/downloads';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';

type Page<Item> = { data: Item[]; nextCursor: string | null };
type Issued = { key: ApiKeyView; secret: string };

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

/** tenant.created, 3 × api_key.created (one from a user agent that looks like a formula), update, revoke. */
async function busyTenant() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const keysPath = `/api/tenants/${slug}/api-keys`;
  const keys: Issued[] = [];
  for (const name of ['k1', 'k2', 'k3']) {
    const headers = name === 'k3' ? { 'user-agent': '=HYPERLINK("http://evil.test")' } : undefined;
    keys.push((await owner.client.post<Issued>(keysPath, { name }, { headers })).body);
  }
  await owner.client.patch(`${keysPath}/${keys[0]!.key.id}`, { name: 'k1, "renamed"' });
  await owner.client.post(`${keysPath}/${keys[1]!.key.id}/revoke`);
  const auditPath = `/api/tenants/${slug}/audit-log`;
  return { slug, tenantId, owner, keys, auditPath, exportPath: `${auditPath}/export` };
}

describe('exporting the audit log', () => {
  it('downloads CSV that parses back to the entries, oldest first, with no secrets', async () => {
    const { slug, owner, keys, auditPath, exportPath } = await busyTenant();
    const response = await download(owner.client, exportPath, { format: 'csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="audit-log-${slug}-\\d{4}-\\d{2}-\\d{2}-${today}\\.csv"$`),
    );

    const records = csvRecords(response.text);
    const listed = (await owner.client.get<Page<AuditEntryView>>(auditPath)).body.data
      .filter((entry) => entry.action !== 'audit_log.exported')
      .reverse();
    expect(records.map((record) => record.action)).toEqual([
      'tenant.created',
      'api_key.created',
      'api_key.created',
      'api_key.created',
      'api_key.updated',
      'api_key.revoked',
    ]);
    expect(records.map((record) => [record.sequence, record.id, record.hash, record.occurredAt])).toEqual(
      listed.map((entry) => [String(entry.sequence), entry.id, entry.hash, entry.occurredAt]),
    );
    const updated = records[4]!;
    expect(JSON.parse(updated.after!)).toEqual(listed[4]!.after);
    expect((JSON.parse(updated.after!) as { name: string }).name).toBe('k1, "renamed"');
    expect(records[0]!.before).toBe('');
    // A spreadsheet would run this user agent as a formula; the export neutralises it.
    expect(records[3]!.userAgent).toBe(`'=HYPERLINK("http://evil.test")`);
    for (const { secret } of keys) expect(response.text).not.toContain(secret);
  });

  it('downloads JSON lines, one entry per line, with the same filters as the list', async () => {
    const { owner, keys, exportPath } = await busyTenant();
    const lines = async (query: Record<string, string>) => {
      const response = await download(owner.client, exportPath, { format: 'jsonl', ...query });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.jsonl"$/);
      return response.text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as AuditEntryView);
    };
    const all = await lines({});
    expect(all.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all[1]).toMatchObject({ action: 'api_key.created', targetType: 'api_key', actorType: 'user' });

    expect((await lines({ action: 'api_key.' })).map((entry) => entry.action)).toEqual([
      'api_key.created',
      'api_key.created',
      'api_key.created',
      'api_key.updated',
      'api_key.revoked',
    ]);
    expect(await lines({ action: 'api_key.*' })).toHaveLength(5);
    expect(await lines({ action: 'api_key.revoked' })).toHaveLength(1);
    expect((await lines({ search: 'REVOKED' })).map((entry) => entry.action)).toEqual(['api_key.revoked']);
    const forKey = await lines({ targetType: 'api_key', targetId: keys[0]!.key.id });
    expect(forKey.map((entry) => entry.action)).toEqual(['api_key.created', 'api_key.updated']);
    expect(await lines({ actorId: 'usr_nobody' })).toEqual([]);
    expect(await lines({ actorType: 'system' })).toEqual([]);
    expect(await lines({ to: new Date(Date.now() - 3_600_000).toISOString() })).toEqual([]);
  });

  it('treats "_" in an action prefix literally, not as a LIKE wildcard', async () => {
    const { tenantId, owner, auditPath, exportPath } = await busyTenant();
    const writer = new AuditLogWriter();
    await harness.prisma.$transaction((tx) =>
      writer.append(
        tx,
        { type: 'system', id: null, ip: null, userAgent: null },
        { tenantId, action: 'apiXkey.probe' },
      ),
    );
    const listed = await owner.client.get<Page<AuditEntryView>>(auditPath, { query: { action: 'api_key.' } });
    expect(listed.body.data.map((entry) => entry.action)).not.toContain('apiXkey.probe');
    expect(listed.body.data).toHaveLength(5);
    const exported = await download(owner.client, exportPath, { format: 'jsonl', action: 'api_key.' });
    expect(exported.text).not.toContain('apiXkey.probe');
  });

  it('records each export in the chain, without the export entry in its own file', async () => {
    const { owner, auditPath, exportPath } = await busyTenant();
    const from = new Date(Date.now() - 86_400_000).toISOString();
    await download(owner.client, exportPath, { format: 'csv', action: 'api_key.', from });
    const second = await download(owner.client, exportPath, { format: 'jsonl' });
    // The first export is in the second file; the second is not.
    expect(
      second.text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as AuditEntryView).action)
        .slice(-1),
    ).toEqual(['audit_log.exported']);

    const exports = (
      await owner.client.get<Page<AuditEntryView>>(auditPath, { query: { action: 'audit_log.exported' } })
    ).body.data;
    expect(exports).toHaveLength(2);
    expect(exports[1]).toMatchObject({
      actorType: 'user',
      actorId: owner.id,
      ip: '127.0.0.1',
      after: { format: 'csv', filters: { action: 'api_key.', from } },
    });
    const verify = await owner.client.get<VerifyAuditLogResponse>(`${auditPath}/verify`);
    expect(verify.body).toEqual({ valid: true, checked: 8 });
  });

  it('streams a log larger than one page in order, every entry once', async () => {
    const { tenantId, owner, exportPath } = await busyTenant();
    const writer = new AuditLogWriter();
    const system = { type: 'system' as const, id: null, ip: null, userAgent: null };
    // 6 + 994 = exactly two full pages of 500, so the reader must also stop on an empty third page.
    for (let batch = 0; batch < 7; batch += 1) {
      await harness.prisma.$transaction(
        async (tx) => {
          for (let index = 0; index < (batch === 6 ? 94 : 150); index += 1) {
            await writer.append(tx, system, { tenantId, action: 'test.bulk', after: { batch, index } });
          }
        },
        { timeout: 60_000 },
      );
    }
    const response = await download(owner.client, exportPath, { format: 'csv' });
    const sequences = csvRecords(response.text).map((record) => Number(record.sequence));
    expect(sequences).toEqual(Array.from({ length: 1000 }, (_, index) => index + 1));
  }, 60_000);

  it('refuses a period longer than 366 days or reversed, and an unknown format, naming the field', async () => {
    const { owner, exportPath } = await busyTenant();
    const location = async (query: Record<string, string>) => {
      const response = await download(owner.client, exportPath, query);
      expect(response.status).toBe(400);
      return errorOf(response).errors?.map((error) => error.location);
    };
    expect(await location({ from: '2024-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' })).toEqual([
      'query.from',
    ]);
    expect(await location({ from: new Date(Date.now() - 400 * 86_400_000).toISOString() })).toEqual([
      'query.from',
    ]);
    expect(await location({ from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' })).toEqual([
      'query.from',
    ]);
    expect(await location({ format: 'xlsx' })).toEqual(['query.format']);
    expect(await location({ limit: '10' })).toEqual(['query.limit']);
    // Nothing was exported, so nothing was recorded.
    const list = await owner.client.get<Page<AuditEntryView>>(`${exportPath.replace(/\/export$/, '')}`, {
      query: { action: 'audit_log.exported' },
    });
    expect(list.body.data).toEqual([]);
  });
});
