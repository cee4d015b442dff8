import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyView } from '@llmguard/shared';
import { errorOf, type ApiClient } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';
import { download } from './support/downloads';
import { describePermissionMatrix, EVERYONE, MANAGERS, tenantPath } from './support/permission-matrix';

// Usage, spend, SLA, the audit-log export and the guardrail activity, cell by cell (see
// support/permission-matrix.ts). Every role reads usage and the SLA (billing needs the spend, developers their keys'
// traffic); the export and the guardrail activity (a summary of audit entries) are for the audit log's readers only.
const RANGE = { from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z' };

describePermissionMatrix([
  {
    name: 'GET usage',
    allowed: EVERYONE,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/usage`, { query: { ...RANGE, granularity: 'hour' } }),
  },
  {
    name: 'GET usage summary',
    allowed: EVERYONE,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/usage/summary`, { query: RANGE }),
  },
  {
    name: 'GET usage spend',
    allowed: EVERYONE,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/usage/spend`),
  },
  {
    name: 'GET sla',
    allowed: EVERYONE,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/sla`, { query: { month: '2025-03' } }),
  },
  {
    name: 'GET audit-log export',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => download(c, `${tenantPath(t)}/audit-log/export`, { format: 'jsonl' }),
  },
  {
    name: 'GET guardrails activity',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/guardrails/activity`, { query: RANGE }),
  },
]);

describe('management keys on the read models', () => {
  let harness: ControlPlaneHarness;
  let slug: string;
  let owner: ApiClient;

  beforeAll(async () => {
    harness = await startControlPlane();
    const tenant = await harness.tenantWithOwner();
    slug = tenant.slug;
    owner = tenant.owner.client;
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** The Authorization header of a new management key of the tenant with these scopes. */
  async function keyWith(scopes: string[]): Promise<Record<string, string>> {
    const response = await owner.post<{ key: ApiKeyView; secret: string }>(`/api/tenants/${slug}/api-keys`, {
      name: 'automation',
      kind: 'management',
      scopes,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return { authorization: `Bearer ${response.body.secret}` };
  }

  it('reads usage, spend and the SLA with usage:read, and nothing else with it', async () => {
    const headers = await keyWith(['usage:read']);
    const client = harness.client();
    const get = (path: string, query?: Record<string, string>) =>
      client.get(`/api/tenants/${slug}${path}`, { headers, query });
    expect((await get('/usage', RANGE)).status).toBe(200);
    expect((await get('/usage/summary', RANGE)).status).toBe(200);
    expect((await get('/usage/spend')).status).toBe(200);
    expect((await get('/sla')).status).toBe(200);
    const auditLog = await get('/audit-log');
    expect(auditLog.status).toBe(403);
    expect(errorOf(auditLog).code).toBe('permission_denied');
    expect((await download(client, `/api/tenants/${slug}/audit-log/export`, {}, headers)).status).toBe(403);
    expect((await get('/guardrails/activity', RANGE)).status).toBe(403);
  });

  it('needs usage:read for usage; exports the audit log and reads the guardrail activity with audit:read', async () => {
    const headers = await keyWith(['audit:read']);
    const client = harness.client();
    const usage = await client.get(`/api/tenants/${slug}/usage/spend`, { headers });
    expect(usage.status).toBe(403);
    expect((await client.get(`/api/tenants/${slug}/sla`, { headers })).status).toBe(403);
    const guardrails = await client.get(`/api/tenants/${slug}/guardrails/activity`, {
      headers,
      query: RANGE,
    });
    expect(guardrails.status).toBe(200);
    const exported = await download(
      client,
      `/api/tenants/${slug}/audit-log/export`,
      { format: 'csv' },
      headers,
    );
    expect(exported.status).toBe(200);
    expect(exported.text.split('\n')[0]).toBe(
      'sequence,id,occurredAt,actorType,actorId,action,targetType,targetId,ip,userAgent,before,after,previousHash,hash',
    );
  });
});
