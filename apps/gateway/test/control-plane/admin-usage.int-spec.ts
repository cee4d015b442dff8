import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminTiersContract,
  adminUsageContract,
  newId,
  type AdminTierView,
  type AdminUsageResponse,
} from '@llmguard/shared';
import { errorOf, type ApiClient } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';

// Platform-wide usage for platform admins: totals, one series and the costliest tenants over every tenant's
// rollups, exact in decimal strings, and the SLA tiers the admin area offers. Access control is in
// permissions.admin.security.int-spec.ts.

let harness: ControlPlaneHarness;
let admin: ApiClient;
const tenantIds: string[] = [];

/**
 * A random past week nobody else writes rollups in (other suites use 2025 and now), so the platform-wide sums are
 * exactly what this suite inserted.
 */
const DAY_MS = 86_400_000;
const start = new Date(Date.UTC(2003, 0, 1) + Math.floor(Math.random() * 5000) * DAY_MS);
const at = (days: number, hours = 0) => new Date(start.getTime() + days * DAY_MS + hours * 3_600_000);

type Rollup = { hour: Date; requests: number; errors?: number; costMicros: bigint; tokens?: bigint };

async function tenantWithUsage(name: string, rollups: Rollup[], status: 'active' | 'suspended' = 'active') {
  const tenantId = newId('tnt');
  const slug = `usage-${tenantId.slice(4, 14).toLowerCase()}`;
  await harness.prisma.tenant.create({ data: { id: tenantId, slug, name, tierId: 'pro', status } });
  tenantIds.push(tenantId);
  const apiKeyId = newId('key');
  await harness.prisma.usageRollupHourly.createMany({
    data: rollups.map((rollup, index) => ({
      tenantId,
      apiKeyId,
      model: `m${index}`,
      hourStart: rollup.hour,
      requests: rollup.requests,
      errors: rollup.errors ?? 0,
      inputTokens: rollup.tokens ?? 0n,
      outputTokens: 0n,
      costMicros: rollup.costMicros,
      latencyMsSum: BigInt(rollup.requests * 100),
    })),
  });
  return { tenantId, slug };
}

const getUsage = (query: Record<string, string | number>) =>
  admin.get<AdminUsageResponse>(adminUsageContract.get.path, { query });

beforeAll(async () => {
  harness = await startControlPlane();
  const user = await harness.signUp();
  await harness.prisma.user.update({ where: { id: user.id }, data: { isPlatformAdmin: true } });
  admin = user.client;
});

afterAll(async () => {
  await harness?.prisma.usageRollupHourly.deleteMany({ where: { tenantId: { in: tenantIds } } });
  await harness?.prisma.tenant.deleteMany({ where: { id: { in: tenantIds } } });
  await harness?.close();
});

describe('GET /api/admin/usage', () => {
  let big: { tenantId: string; slug: string };
  let small: { tenantId: string; slug: string };
  let quiet: { tenantId: string; slug: string };

  beforeAll(async () => {
    // Past 2^53 on purpose: the sums must stay exact through SQL, the service and JSON.
    big = await tenantWithUsage('Big Corp', [
      {
        hour: at(0, 5),
        requests: 10,
        errors: 1,
        costMicros: 9_007_199_254_740_993n,
        tokens: 9_007_199_254_740_993n,
      },
      { hour: at(2, 23), requests: 4, costMicros: 7n },
    ]);
    small = await tenantWithUsage(
      'Small Shop',
      [{ hour: at(1, 12), requests: 6, costMicros: 500n, tokens: 12n }],
      'suspended',
    );
    // Same cost as nobody else; outside the range but for one hour.
    quiet = await tenantWithUsage('Quiet Ltd', [
      { hour: at(-1, 23), requests: 99, costMicros: 99_999n },
      { hour: at(1, 0), requests: 1, costMicros: 500n },
      { hour: at(3, 0), requests: 99, costMicros: 99_999n },
    ]);
  });

  it('sums every tenant over the range, exactly, with one point per day and the costliest tenants first', async () => {
    const response = await getUsage({ from: at(0).toISOString(), to: at(3).toISOString() });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body;
    expect(body.from).toBe(at(0).toISOString());
    expect(body.granularity).toBe('day');
    expect(body.activeTenants).toBe(3);
    expect(body.totals).toMatchObject({
      requests: 21,
      errors: 1,
      inputTokens: '9007199254741005',
      costMicros: '9007199254742000',
      latencyMsMean: 100,
    });
    expect(body.points.map((point) => [point.bucketStart, point.requests, point.costMicros])).toEqual([
      [at(0).toISOString(), 10, '9007199254740993'],
      [at(1).toISOString(), 7, '1000'],
      [at(2).toISOString(), 4, '7'],
    ]);
    // Small and quiet cost the same (500): more requests first.
    expect(body.topTenants.map((tenant) => [tenant.slug, tenant.requests, tenant.costMicros])).toEqual([
      [big.slug, 14, '9007199254741000'],
      [small.slug, 6, '500'],
      [quiet.slug, 1, '500'],
    ]);
    expect(body.topTenants[1]).toMatchObject({
      tenantId: small.tenantId,
      name: 'Small Shop',
      status: 'suspended',
      tierId: 'pro',
    });
  });

  it('cuts hours, rounds "from" down to its bucket and limits the top list', async () => {
    const response = await getUsage({
      from: at(1, 0.5).toISOString(),
      to: at(1, 13).toISOString(),
      granularity: 'hour',
      limit: 1,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.from).toBe(at(1).toISOString());
    expect(response.body.points).toHaveLength(13);
    expect(response.body.points[0]).toMatchObject({ requests: 1, costMicros: '500' });
    expect(response.body.points[12]).toMatchObject({ requests: 6, costMicros: '500' });
    expect(response.body.activeTenants).toBe(2);
    expect(response.body.topTenants.map((tenant) => tenant.slug)).toEqual([small.slug]);
  });

  it('filters the whole report to the tenants whose slug or name holds the text (any case)', async () => {
    const range = { from: at(0).toISOString(), to: at(3).toISOString() };
    const bySlug = await getUsage({ ...range, tenant: small.slug.toUpperCase() });
    expect(bySlug.status, JSON.stringify(bySlug.body)).toBe(200);
    expect(bySlug.body.topTenants.map((tenant) => tenant.slug)).toEqual([small.slug]);
    expect(bySlug.body.activeTenants).toBe(1);
    expect(bySlug.body.totals).toMatchObject({ requests: 6, costMicros: '500', inputTokens: '12' });
    expect(bySlug.body.points.map((point) => point.requests)).toEqual([0, 6, 0]);

    // "corp" is part of Big Corp's name only (the slugs are usage-<id>).
    const byName = await getUsage({ ...range, tenant: ' corp ' });
    expect(byName.body.topTenants.map((tenant) => tenant.slug)).toEqual([big.slug]);
    expect(byName.body.totals.requests).toBe(14);
  });

  it('matches LIKE wildcards in the filter literally', async () => {
    const range = { from: at(0).toISOString(), to: at(3).toISOString() };
    for (const wildcard of ['%', '_', 'usage_']) {
      const response = await getUsage({ ...range, tenant: wildcard });
      expect(response.status).toBe(200);
      expect(response.body.topTenants).toEqual([]);
      expect(response.body.totals.requests).toBe(0);
    }
  });

  it('answers zeros for a range without usage', async () => {
    const response = await getUsage({ from: at(-40).toISOString(), to: at(-38).toISOString() });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      activeTenants: 0,
      topTenants: [],
      totals: { requests: 0, costMicros: '0', latencyMsMean: null },
    });
    expect(response.body.points).toHaveLength(2);
  });

  it('names each invalid query field (400)', async () => {
    const tooLong = await getUsage({
      from: at(0).toISOString(),
      to: at(15).toISOString(),
      granularity: 'hour',
    });
    expect(tooLong.status).toBe(400);
    expect(errorOf(tooLong).errors?.map((detail) => detail.location)).toEqual(['query.to']);

    const backwards = await getUsage({ from: at(2).toISOString(), to: at(1).toISOString() });
    expect(errorOf(backwards).errors?.map((detail) => detail.location)).toEqual(['query.from']);

    const junk = await getUsage({ from: 'yesterday', to: at(1).toISOString(), limit: 0, extra: 1 });
    expect(junk.status).toBe(400);
    expect(
      errorOf(junk)
        .errors?.map((detail) => detail.location)
        .sort(),
    ).toEqual(expect.arrayContaining(['query.from', 'query.limit']));
  });
});

describe('GET /api/admin/tiers', () => {
  it('lists the SLA tiers, lowest target first, with their live tenants', async () => {
    const response = await admin.get<{ data: AdminTierView[] }>(adminTiersContract.list.path);
    expect(response.status).toBe(200);
    const ids = response.body.data.map((tier) => tier.id);
    expect(ids).toEqual(expect.arrayContaining(['free', 'pro', 'enterprise']));
    const targets = response.body.data.map((tier) => tier.availabilityTargetBasisPoints);
    expect(targets).toEqual([...targets].sort((a, b) => a - b));

    const pro = response.body.data.find((tier) => tier.id === 'pro')!;
    const expected = await harness.prisma.tenant.count({
      where: { tierId: 'pro', status: { not: 'deleted' } },
    });
    expect(pro.tenantCount).toBe(expected);
    expect(pro.tenantCount).toBeGreaterThanOrEqual(3);
  });
});
