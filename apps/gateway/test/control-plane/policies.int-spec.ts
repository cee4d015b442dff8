import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidationChannel } from '@llmguard/server';
import {
  type AuditEntryView,
  type PolicyVersionSummary,
  type PolicyVersionView,
  type TenantPolicyView,
  type TierPolicyView,
  type VerifyAuditLogResponse,
} from '@llmguard/shared';
import { errorOf, type ApiClient, type ApiResponse } from './support/api-client';
import {
  startControlPlane,
  uniqueTag,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';
import { TEST_ENV } from '../support/test-env';

type Page<Item> = { data: Item[]; nextCursor: string | null };

let harness: ControlPlaneHarness;
let admin: SignedUpUser;
/** Every message published on the policy channel of this harness's prefix. */
const published: unknown[] = [];
let subscriber: Redis;

beforeAll(async () => {
  harness = await startControlPlane();
  admin = await harness.signUp({ name: 'Platform Admin' });
  await harness.prisma.user.update({ where: { id: admin.id }, data: { isPlatformAdmin: true } });
  subscriber = new Redis(TEST_ENV.REDIS_URL);
  subscriber.on('message', (_channel: string, message: string) => published.push(JSON.parse(message)));
  await subscriber.subscribe(invalidationChannel(harness.redisKeyPrefix, 'policies'));
});

afterAll(async () => {
  subscriber?.disconnect();
  await harness?.close();
});

/** A tier of its own (so no other suite's tenants are affected) and a tenant on it, owned by a new user. */
async function tenantOnOwnTier() {
  const tierId = `tier-${uniqueTag()}`;
  await harness.prisma.slaTier.create({
    data: { id: tierId, name: tierId, availabilityTargetBasisPoints: 9900, creditPercent: 0 },
  });
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  await harness.prisma.tenant.update({ where: { id: tenantId }, data: { tierId } });
  const policyPath = `/api/tenants/${slug}/policy`;
  const tierPath = `/api/admin/tiers/${tierId}/policy`;
  const post = (body: unknown) => admin.client.post<PolicyVersionView>(`${policyPath}/versions`, body);
  const restore = (version: number, body: unknown = {}) =>
    admin.client.post<PolicyVersionView>(`${policyPath}/versions/${version}/restore`, body);
  return { slug, tenantId, owner, tierId, policyPath, tierPath, post, restore };
}

async function waitForMessage(expected: object): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    if (published.some((message) => JSON.stringify(message) === JSON.stringify(expected))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no message ${JSON.stringify(expected)} in ${JSON.stringify(published)}`);
}

function fieldsAtFault(response: ApiResponse): string[] {
  expect(response.status).toBe(400);
  const error = errorOf(response);
  expect(error.code).toBe('validation_failed');
  return (error.errors ?? []).map((detail) => detail.location);
}

describe('tenant policy versions', () => {
  it('shows the tier defaults, the tenant document and the effective merge', async () => {
    const { owner, policyPath, tierPath, post } = await tenantOnOwnTier();
    await admin.client.request('PUT', tierPath, {
      body: {
        document: {
          budgets: { monthlyCapMicros: 100_000_000, action: 'alert' },
          routing: { allowedProviders: ['openai', 'anthropic'] },
        },
      },
    });
    const before = await owner.client.get<TenantPolicyView>(policyPath);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ currentVersion: null, document: {} });
    expect(before.body.effective).toEqual(before.body.tierDefaults);

    await post({
      document: {
        budgets: { dailyCapMicros: '5000000', action: 'block' },
        cache: { storePromptText: false },
      },
      comment: 'Cap daily spend',
      expectedVersion: null,
    });
    const after = await owner.client.get<TenantPolicyView>(policyPath);
    expect(after.body.currentVersion).toBe(1);
    expect(after.body.effective).toEqual({
      budgets: { monthlyCapMicros: '100000000', dailyCapMicros: '5000000', action: 'block' },
      routing: { allowedProviders: ['openai', 'anthropic'] },
      cache: { storePromptText: false },
    });
  });

  it('creates numbered versions, lists them newest first with author and comment, in bounded pages', async () => {
    const { owner, policyPath, post } = await tenantOnOwnTier();
    const first = await post({
      document: { rateLimits: { tenant: { requestsPerMinute: 100 } } },
      comment: 'Start',
      expectedVersion: null,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      version: 1,
      comment: 'Start',
      author: { id: admin.id, email: admin.email, name: 'Platform Admin' },
    });
    await post({ document: { rateLimits: { tenant: { requestsPerMinute: 200 } } }, expectedVersion: 1 });
    await post({ document: { rateLimits: { tenant: { requestsPerMinute: 300 } } }, expectedVersion: 2 });

    const page = await owner.client.get<Page<PolicyVersionSummary>>(`${policyPath}/versions`, {
      query: { limit: 2 },
    });
    expect(page.body.data.map((version) => version.version)).toEqual([3, 2]);
    expect(page.body.data[1]).toMatchObject({ comment: null, author: { id: admin.id } });
    const rest = await owner.client.get<Page<PolicyVersionSummary>>(`${policyPath}/versions`, {
      query: { limit: 2, cursor: page.body.nextCursor ?? '' },
    });
    expect(rest.body).toMatchObject({ data: [{ version: 1, comment: 'Start' }], nextCursor: null });
    const tooMany = await owner.client.get(`${policyPath}/versions`, { query: { limit: 1_000 } });
    expect(fieldsAtFault(tooMany)).toEqual(['query.limit']);
  });

  it('gives each version its document and its changes against the previous one', async () => {
    const { owner, policyPath, post } = await tenantOnOwnTier();
    await post({
      document: { routing: { allowedProviders: ['openai'] }, budgets: { action: 'alert' } },
      expectedVersion: null,
    });
    await post({
      document: {
        routing: { allowedProviders: ['openai', 'gemini'] },
        guardrails: { pii: { inputAction: 'redact' } },
      },
      expectedVersion: 1,
    });
    const first = await owner.client.get<PolicyVersionView>(`${policyPath}/versions/1`);
    expect(first.body.changes).toEqual([
      { path: 'budgets.action', before: null, after: 'alert' },
      { path: 'routing.allowedProviders', before: null, after: ['openai'] },
    ]);
    const second = await owner.client.get<PolicyVersionView>(`${policyPath}/versions/2`);
    expect(second.body.document).toEqual({
      routing: { allowedProviders: ['openai', 'gemini'] },
      guardrails: { pii: { inputAction: 'redact' } },
    });
    expect(second.body.changes).toEqual([
      { path: 'budgets.action', before: 'alert', after: null },
      { path: 'guardrails.pii.inputAction', before: null, after: 'redact' },
      { path: 'routing.allowedProviders', before: ['openai'], after: ['openai', 'gemini'] },
    ]);
  });

  it('restores an earlier version as a new version with its document', async () => {
    const { owner, policyPath, post, restore } = await tenantOnOwnTier();
    await post({ document: { cache: { exact: { enabled: true, ttlSeconds: 60 } } }, expectedVersion: null });
    await post({ document: { cache: { exact: { enabled: false } } }, expectedVersion: 1 });

    const restored = await restore(1, { comment: 'Back to caching' });
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({
      version: 3,
      comment: 'Back to caching',
      document: { cache: { exact: { enabled: true, ttlSeconds: 60 } } },
      changes: [
        { path: 'cache.exact.enabled', before: false, after: true },
        { path: 'cache.exact.ttlSeconds', before: null, after: 60 },
      ],
    });
    expect((await restore(2)).body).toMatchObject({ version: 4, comment: 'Restored version 2.' });
    const current = await owner.client.get<TenantPolicyView>(policyPath);
    expect(current.body).toMatchObject({
      currentVersion: 4,
      document: { cache: { exact: { enabled: false } } },
    });
    // Earlier versions are untouched: history is append-only.
    const original = await owner.client.get<PolicyVersionView>(`${policyPath}/versions/1`);
    expect(original.body.document).toEqual({ cache: { exact: { enabled: true, ttlSeconds: 60 } } });
  });

  it('answers 409 when expectedVersion is not the current version, and lets one of two racing writers win', async () => {
    const { policyPath, post, restore, owner } = await tenantOnOwnTier();
    await post({ document: { budgets: { action: 'alert' } }, expectedVersion: null });

    const stale = await post({ document: { budgets: { action: 'block' } }, expectedVersion: null });
    expect(stale.status).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'conflict', message: expect.stringContaining('version 1') });
    expect((await restore(1, { expectedVersion: 5 })).status).toBe(409);

    const racing = await Promise.all(
      [1, 2, 3].map((n) =>
        post({ document: { rateLimits: { perKey: { requestsPerMinute: n } } }, expectedVersion: 1 }),
      ),
    );
    expect(racing.map((response) => response.status).sort()).toEqual([201, 409, 409]);
    const current = await owner.client.get<TenantPolicyView>(policyPath);
    expect(current.body.currentVersion).toBe(2);
  });

  it('refuses invalid documents with a 400 that names every field at fault', async () => {
    const { post } = await tenantOnOwnTier();
    const response = await post({
      document: {
        routing: { allowedProvider: ['openai'] },
        budgets: { dailyCapMicros: 1.5, action: 'warn' },
        cache: { semantic: { similarityThreshold: 2 } },
        retention: {},
      },
    });
    expect(fieldsAtFault(response).sort()).toEqual([
      'body.document.budgets.action',
      'body.document.budgets.dailyCapMicros',
      'body.document.cache.semantic.similarityThreshold',
      'body.document.retention',
      'body.document.routing.allowedProvider',
      'body.expectedVersion',
    ]);
    expect(errorOf(response).errors).toContainEqual({
      location: 'body.document.routing.allowedProvider',
      message: 'Unknown field "allowedProvider".',
      fix: expect.any(String),
    });
  });

  it('refuses output moderation without a moderation model in the policy in force, and takes one the tier provides', async () => {
    const { post, tierPath, policyPath, owner } = await tenantOnOwnTier();
    const moderateOutput = {
      guardrails: { contentFilter: { moderateOutput: true, blockedCategories: ['violence'] } },
    };
    const refused = await post({ document: moderateOutput, expectedVersion: null });
    expect(refused.status).toBe(400);
    expect(errorOf(refused)).toMatchObject({
      code: 'validation_failed',
      errors: [
        {
          location: 'body.document.guardrails.contentFilter.moderateOutput',
          message: expect.stringContaining('no contentFilter.moderation'),
          fix: expect.stringContaining('moderations route'),
        },
      ],
    });
    expect((await owner.client.get<TenantPolicyView>(policyPath)).body.currentVersion).toBeNull();
    // The tier's moderation model is the tenant's too: the same version is then accepted.
    const tier = { guardrails: { contentFilter: { moderation: { model: 'omni-moderation' } } } };
    expect((await admin.client.request('PUT', tierPath, { body: { document: tier } })).status).toBe(200);
    expect((await post({ document: moderateOutput, expectedVersion: null })).status).toBe(201);
    // A tier whose own defaults could not work is refused the same way.
    const tierRefused = await admin.client.request('PUT', tierPath, {
      body: { document: { guardrails: { contentFilter: { moderateOutput: true } } } },
    });
    expect(fieldsAtFault(tierRefused)).toEqual(['body.document.guardrails.contentFilter.moderateOutput']);
  });

  it('refuses a version identical to the current one (400, nothing written)', async () => {
    const { owner, policyPath, post, restore } = await tenantOnOwnTier();
    expect(fieldsAtFault(await post({ document: {}, expectedVersion: null }))).toEqual(['body.document']);
    const document = { routing: { requiredTags: ['eu', 'prod'] } };
    await post({ document, expectedVersion: null });
    // The same document, written differently (duplicates are removed), is still the same policy.
    expect(
      fieldsAtFault(
        await post({ document: { routing: { requiredTags: ['eu', 'prod', 'eu'] } }, expectedVersion: 1 }),
      ),
    ).toEqual(['body.document']);
    expect(fieldsAtFault(await restore(1))).toEqual(['params.version']);
    expect((await owner.client.get<TenantPolicyView>(policyPath)).body.currentVersion).toBe(1);
  });

  it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
    const { owner, policyPath, restore } = await tenantOnOwnTier();
    const missing = await owner.client.get(`${policyPath}/versions/7`);
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('not_found');
    expect((await restore(7)).status).toBe(404);
    expect(fieldsAtFault(await owner.client.get(`${policyPath}/versions/latest`))).toEqual([
      'params.version',
    ]);
  });

  it('audits each version in the tenant chain with the changed fields, and announces it after commit', async () => {
    const { tenantId, owner, slug, post, restore } = await tenantOnOwnTier();
    await post({
      document: { routing: { allowedProviders: ['openai'] } },
      comment: 'OpenAI only',
      expectedVersion: null,
    });
    await post({ document: { routing: { allowedProviders: ['anthropic'] } }, expectedVersion: 1 });
    await restore(1);

    const log = await owner.client.get<Page<AuditEntryView>>(`/api/tenants/${slug}/audit-log`, {
      query: { action: 'policy.*' },
    });
    expect(log.body.data.map((entry) => entry.action)).toEqual([
      'policy.version_restored',
      'policy.version_created',
      'policy.version_created',
    ]);
    expect(log.body.data[1]).toMatchObject({
      actorType: 'user',
      actorId: admin.id,
      targetType: 'tenant_policy',
      before: { version: 1, changes: { 'routing.allowedProviders': ['openai'] } },
      after: { version: 2, comment: null, changes: { 'routing.allowedProviders': ['anthropic'] } },
    });
    expect(log.body.data[0]?.after).toMatchObject({ version: 3, restoredFrom: 1 });
    const verify = await owner.client.get<VerifyAuditLogResponse>(`/api/tenants/${slug}/audit-log/verify`);
    expect(verify.body.valid).toBe(true);
    for (const version of [1, 2, 3]) await waitForMessage({ tenantId, version });
  });
});

describe('tier default policies', () => {
  it('are read and replaced by platform admins, audited on the platform chain and announced', async () => {
    const { tierPath, tierId, owner, policyPath } = await tenantOnOwnTier();
    const empty = await admin.client.get<TierPolicyView>(tierPath);
    expect(empty.body).toEqual({ tierId, document: {}, updatedAt: null });

    const document = {
      rateLimits: { perKey: { requestsPerMinute: 60 } },
      guardrails: { promptInjection: { action: 'flag' } },
    };
    const put = await admin.client.request<TierPolicyView>('PUT', tierPath, { body: { document } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ tierId, document, updatedAt: expect.any(String) });
    expect((await owner.client.get<TenantPolicyView>(policyPath)).body.effective).toEqual(document);
    await waitForMessage({ tierId });

    const entries = () =>
      harness.prisma.auditLogEntry.findMany({
        where: { tenantId: null, targetType: 'sla_tier', targetId: tierId },
      });
    expect(await entries()).toMatchObject([
      {
        action: 'tier_policy.updated',
        actorId: admin.id,
        before: { changes: { 'rateLimits.perKey.requestsPerMinute': null } },
        after: { changes: { 'guardrails.promptInjection.action': 'flag' } },
      },
    ]);
    // The same document again changes nothing and writes nothing.
    expect((await admin.client.request('PUT', tierPath, { body: { document } })).status).toBe(200);
    expect(await entries()).toHaveLength(1);
  });

  it('answers 404 for an unknown tier and 400 naming the field for an invalid document', async () => {
    const { tierPath } = await tenantOnOwnTier();
    const missing = await admin.client.get(`/api/admin/tiers/no-such-tier-${uniqueTag()}/policy`);
    expect(missing.status).toBe(404);
    const invalid = await admin.client.request('PUT', tierPath, {
      body: { document: { cache: { exact: { ttlSeconds: 0 } } } },
    });
    expect(fieldsAtFault(invalid)).toEqual(['body.document.cache.exact.ttlSeconds']);
  });
});

describe('who may write', () => {
  it('refuses the tenant owner (403): policies are set by platform admins', async () => {
    const { owner, policyPath } = await tenantOnOwnTier();
    const client: ApiClient = owner.client;
    const response = await client.post(`${policyPath}/versions`, { document: {}, expectedVersion: null });
    expect(response.status).toBe(403);
    expect(errorOf(response).code).toBe('permission_denied');
  });
});
