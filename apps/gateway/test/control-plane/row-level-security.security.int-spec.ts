import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { enterTenant, runInTenantScope, type PrismaClient } from '@llmguard/db';
import { newId, type ApiKeyView } from '@llmguard/shared';
import { ApiKeysRepository } from '../../src/control-plane/api-keys/api-keys.repository';
import { errorOf, type ApiClient } from './support/api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './support/control-plane-harness';

// Postgres row-level security is the second wall between tenants: inside a tenant's scope, a query that forgets its
// tenant filter still reads and writes only that tenant's rows (and reads the platform's). The gateway and
// harness.prisma connect as the application role (llmguard_app), like production.

type Page<Item> = { data: Item[]; nextCursor: string | null };
type TenantFixture = {
  slug: string;
  tenantId: string;
  owner: ApiClient;
  keyId: string;
  routeId: string;
  requestId: string;
};

let harness: ControlPlaneHarness;
let prisma: PrismaClient;
let a: TenantFixture;
let b: TenantFixture;
let platformRouteId: string;
const tag = uniqueTag();

/** Runs `work` the way a request of `tenantId` runs after the tenant guard, awaiting it inside the scope. */
function asTenant<Result>(tenantId: string, work: () => Promise<Result>): Promise<Result> {
  return runInTenantScope(async () => {
    enterTenant(tenantId);
    return await work();
  });
}

async function route(tenantId: string | null, alias: string): Promise<string> {
  const id = newId('rte');
  await prisma.modelRoute.create({
    data: {
      id,
      tenantId,
      alias,
      deployments: {
        create: {
          id: newId('dep'),
          name: 'primary',
          provider: 'openai',
          baseUrl: 'http://127.0.0.1:1/v1',
          upstreamModel: 'model',
          inputPriceMicrosPerMillion: 0n,
          outputPriceMicrosPerMillion: 0n,
          cachedInputPriceMicrosPerMillion: 0n,
        },
      },
    },
  });
  return id;
}

async function tenantFixture(label: string): Promise<TenantFixture> {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const key = await owner.client.post<{ key: ApiKeyView }>(`/api/tenants/${slug}/api-keys`, {
    name: `${label} key`,
  });
  const requestId = newId('req');
  // Written outside any scope, as the billing worker writes usage.
  await prisma.usageEvent.create({
    data: {
      requestId,
      tenantId,
      apiKeyId: key.body.key.id,
      model: `rls-${tag}`,
      inputTokens: 1,
      outputTokens: 1,
      costMicros: 1n,
      latencyMs: 1,
      status: 200,
      outcome: 'success',
      occurredAt: new Date(),
    },
  });
  const routeId = await route(tenantId, `rls-${tag}-${label}`);
  return { slug, tenantId, owner: owner.client, keyId: key.body.key.id, routeId, requestId };
}

beforeAll(async () => {
  harness = await startControlPlane();
  prisma = harness.prisma;
  const [role] = await prisma.$queryRaw<{ rolsuper: boolean; rolbypassrls: boolean }[]>`
    SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`;
  if (!role || role.rolsuper || role.rolbypassrls) {
    throw new Error(
      'DATABASE_URL must name the application role (llmguard_app): RLS does not apply to superusers',
    );
  }
  a = await tenantFixture('a');
  b = await tenantFixture('b');
  platformRouteId = await route(null, `rls-${tag}-platform`);
});

afterAll(async () => {
  await prisma?.modelRoute.deleteMany({ where: { id: platformRouteId } });
  await harness?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("inside tenant A's scope, queries that forget the tenant filter", () => {
  it("read only A's API keys, usage events, members and audit entries", async () => {
    const tenants = [a.tenantId, b.tenantId];
    const seen = await asTenant(a.tenantId, async () => ({
      keys: await prisma.apiKey.findMany({ where: { id: { in: [a.keyId, b.keyId] } } }),
      usage: await prisma.usageEvent.findMany({ where: { requestId: { in: [a.requestId, b.requestId] } } }),
      members: await prisma.membership.findMany({ where: { tenantId: { in: tenants } } }),
      audit: await prisma.auditLogEntry.findMany({ where: { tenantId: { in: tenants } } }),
      tenants: await prisma.tenant.findMany({ where: { id: { in: tenants } } }),
    }));
    expect(seen.keys.map((key) => key.id)).toEqual([a.keyId]);
    expect(seen.usage.map((event) => event.requestId)).toEqual([a.requestId]);
    expect(seen.members.map((member) => member.tenantId)).toEqual([a.tenantId]);
    expect(seen.audit.length).toBeGreaterThan(0);
    expect(new Set(seen.audit.map((entry) => entry.tenantId))).toEqual(new Set([a.tenantId]));
    expect(seen.tenants.map((tenant) => tenant.id)).toEqual([a.tenantId]);
  });

  it("read A's routes and the platform's, with their deployments, never B's", async () => {
    const routes = await asTenant(a.tenantId, () =>
      prisma.modelRoute.findMany({
        where: { alias: { startsWith: `rls-${tag}-` } },
        include: { deployments: true },
      }),
    );
    expect(routes.map((found) => found.id).sort()).toEqual([a.routeId, platformRouteId].sort());
    expect(routes.every((found) => found.deployments.length === 1)).toBe(true);
  });

  it("update or delete nothing of B's, even by id", async () => {
    const changed = await asTenant(a.tenantId, async () => [
      (await prisma.apiKey.updateMany({ where: { id: b.keyId }, data: { name: 'hijacked' } })).count,
      (await prisma.membership.deleteMany({ where: { tenantId: b.tenantId } })).count,
      (await prisma.usageEvent.deleteMany({ where: { requestId: b.requestId } })).count,
      (await prisma.modelRoute.deleteMany({ where: { id: { in: [b.routeId, platformRouteId] } } })).count,
      (await prisma.tenant.updateMany({ where: { id: b.tenantId }, data: { name: 'hijacked' } })).count,
    ]);
    expect(changed).toEqual([0, 0, 0, 0, 0]);
    // Outside any scope (platform work) everything is still there.
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: b.keyId } })).toMatchObject({
      name: 'b key',
    });
    expect(await prisma.membership.count({ where: { tenantId: b.tenantId } })).toBe(1);
    expect(await prisma.usageEvent.count({ where: { requestId: b.requestId } })).toBe(1);
    expect(await prisma.modelRoute.count({ where: { id: { in: [b.routeId, platformRouteId] } } })).toBe(2);
  });

  it('cannot insert a row for B, nor a platform row', async () => {
    const foreignKey = asTenant(a.tenantId, () =>
      prisma.apiKey.create({
        data: {
          id: newId('key'),
          tenantId: b.tenantId,
          name: 'planted',
          prefix: 'lg_',
          hash: tag,
          lastFour: 'abcd',
        },
      }),
    );
    await expect(foreignKey).rejects.toThrow(/row-level security/);
    const platformRoute = asTenant(a.tenantId, () =>
      prisma.modelRoute.create({ data: { id: newId('rte'), tenantId: null, alias: `rls-${tag}-planted` } }),
    );
    await expect(platformRoute).rejects.toThrow(/row-level security/);
  });
});

describe('platform work (no tenant scope)', () => {
  it("still sees every tenant's rows", async () => {
    const keys = await prisma.apiKey.findMany({ where: { id: { in: [a.keyId, b.keyId] } } });
    expect(keys).toHaveLength(2);
    const usage = await prisma.usageEvent.count({ where: { requestId: { in: [a.requestId, b.requestId] } } });
    expect(usage).toBe(2);
  });

  it('cannot UPDATE or DELETE audit entries: the application role has no such privilege', async () => {
    await expect(
      prisma.$executeRaw`UPDATE audit_log SET action = 'rewritten' WHERE tenant_id = ${a.tenantId}`,
    ).rejects.toThrow(/permission denied for table audit_log/);
    await expect(prisma.$executeRaw`DELETE FROM audit_log WHERE tenant_id = ${a.tenantId}`).rejects.toThrow(
      /permission denied for table audit_log/,
    );
  });
});

describe('over HTTP, a repository that forgets its tenant filter', () => {
  /** The API-key repository with its tenant filters dropped, as a bug would drop them. */
  function forgetTenantFilters() {
    const list = vi.spyOn(ApiKeysRepository.prototype, 'list').mockImplementation(function (
      this: ApiKeysRepository,
      _tenantId,
      page,
    ) {
      return (this as unknown as { prisma: PrismaClient }).prisma.apiKey.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit + 1,
      });
    });
    const findById = vi.spyOn(ApiKeysRepository.prototype, 'findById').mockImplementation(function (
      this: ApiKeysRepository,
      _tenantId,
      keyId,
      tx,
    ) {
      const client = tx ?? (this as unknown as { prisma: PrismaClient }).prisma;
      return client.apiKey.findFirst({ where: { id: keyId } });
    });
    return { list, findById };
  }

  it("would leak every tenant's keys outside a scope (the bug is real)", async () => {
    forgetTenantFilters();
    const leaked = await new ApiKeysRepository(prisma).list(a.tenantId, { limit: 100_000 });
    expect(leaked.map((key) => key.id)).toEqual(expect.arrayContaining([a.keyId, b.keyId]));
  });

  it("still lists only tenant A's keys on A's endpoint", async () => {
    const { list } = forgetTenantFilters();
    const response = await a.owner.get<Page<ApiKeyView>>(`/api/tenants/${a.slug}/api-keys`, {
      query: { limit: '100' },
    });
    expect(response.status).toBe(200);
    expect(response.body.data.map((key) => key.id)).toEqual([a.keyId]);
    expect(list).toHaveBeenCalled();
  });

  it("answers 404 for B's key on A's paths, reads and writes (a JSON body parsed on the way) alike", async () => {
    const { findById } = forgetTenantFilters();
    const path = `/api/tenants/${a.slug}/api-keys/${b.keyId}`;
    const read = await a.owner.get(path);
    const write = await a.owner.patch(path, { name: 'hijacked' });
    expect([read.status, write.status]).toEqual([404, 404]);
    expect(errorOf(write).message).toBe('API key not found.');
    expect(findById).toHaveBeenCalledTimes(2);
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: b.keyId } })).toMatchObject({
      name: 'b key',
    });
  });
});
