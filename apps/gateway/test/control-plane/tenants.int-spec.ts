import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantsContract, type TenantView } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './support/control-plane-harness';
import { addMember } from './support/members';

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

type Page<Item> = { data: Item[]; nextCursor: string | null };

describe('creating a tenant', () => {
  it('makes the creator its owner and records tenant.created as the first entry of its chain', async () => {
    const user = await harness.signUp();
    const slug = `acme-${uniqueTag()}`;
    const response = await user.client.post<TenantView>(tenantsContract.create.path, {
      slug,
      name: ' Acme ',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      slug,
      name: 'Acme',
      role: 'owner',
      status: 'active',
      tierId: 'free',
    });

    const membership = await harness.prisma.membership.findFirstOrThrow({
      where: { tenantId: response.body.id },
    });
    expect(membership).toMatchObject({ userId: user.id, role: 'owner' });
    const entries = await harness.prisma.auditLogEntry.findMany({ where: { tenantId: response.body.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      sequence: 1n,
      action: 'tenant.created',
      actorId: user.id,
      previousHash: null,
    });
  });

  it('refuses a taken slug with 409 and writes nothing', async () => {
    const { slug, tenantId } = await harness.tenantWithOwner();
    const other = await harness.signUp();
    const response = await other.client.post(tenantsContract.create.path, { slug, name: 'Copycat' });
    expect(response.status).toBe(409);
    expect(errorOf(response).code).toBe('conflict');
    expect(await harness.prisma.auditLogEntry.count({ where: { tenantId } })).toBe(1);
  });

  it.each([
    ['too short', 'ab'],
    ['upper case', 'Acme-Corp'],
    ['leading dash', '-acme'],
    ['reserved', 'admin'],
  ])('refuses a slug that is %s with a field error', async (_case, slug) => {
    const user = await harness.signUp();
    const response = await user.client.post(tenantsContract.create.path, { slug, name: 'X' });
    expect(response.status).toBe(400);
    expect(errorOf(response).errors?.map((detail) => detail.location)).toEqual(['body.slug']);
  });
});

describe('listing my tenants', () => {
  it('lists only tenants I belong to, with my role, in pages bounded by limit', async () => {
    const user = await harness.signUp();
    const slugs: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const slug = `mine-${index}-${uniqueTag()}`;
      await user.client.post(tenantsContract.create.path, { slug, name: slug });
      slugs.push(slug);
    }
    const elsewhere = await harness.tenantWithOwner();
    await addMember(harness.prisma, elsewhere.tenantId, user.id, 'viewer');
    await harness.tenantWithOwner(); // not mine

    const first = await user.client.get<Page<TenantView>>(tenantsContract.list.path, { query: { limit: 2 } });
    expect(first.status).toBe(200);
    expect(first.body.data.map((tenant) => tenant.slug)).toEqual(slugs.slice(0, 2));
    expect(first.body.nextCursor).not.toBeNull();
    const second = await user.client.get<Page<TenantView>>(tenantsContract.list.path, {
      query: { limit: 2, cursor: first.body.nextCursor ?? '' },
    });
    expect(second.body.data.map((tenant) => [tenant.slug, tenant.role])).toEqual([
      [slugs[2], 'owner'],
      [elsewhere.slug, 'viewer'],
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses a page size above 100', async () => {
    const user = await harness.signUp();
    const response = await user.client.get(tenantsContract.list.path, { query: { limit: 101 } });
    expect(response.status).toBe(400);
    expect(errorOf(response).errors?.[0]?.location).toBe('query.limit');
  });
});

describe('reading and changing a tenant', () => {
  it('renames the tenant and audits before and after', async () => {
    const { slug, tenantId, owner } = await harness.tenantWithOwner();
    const response = await owner.client.patch<TenantView>(`/api/tenants/${slug}`, { name: 'Renamed' });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('Renamed');
    expect((await owner.client.get<TenantView>(`/api/tenants/${slug}`)).body.name).toBe('Renamed');
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId, action: 'tenant.updated' },
    });
    expect(entry.before).toMatchObject({ name: `Tenant ${slug}` });
    expect(entry.after).toMatchObject({ name: 'Renamed' });
    expect(entry.sequence).toBe(2n);
  });

  it('refuses an empty change', async () => {
    const { slug, owner } = await harness.tenantWithOwner();
    const response = await owner.client.patch(`/api/tenants/${slug}`, {});
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('validation_failed');
  });

  it('answers 404 for a tenant that does not exist', async () => {
    const user = await harness.signUp();
    const response = await user.client.get(`/api/tenants/no-such-${uniqueTag()}`);
    expect(response.status).toBe(404);
    expect(errorOf(response)).toMatchObject({ code: 'not_found', message: 'Tenant not found.' });
  });

  it('hides deleted tenants as if they did not exist', async () => {
    const { slug, tenantId, owner } = await harness.tenantWithOwner();
    await harness.prisma.tenant.update({ where: { id: tenantId }, data: { status: 'deleted' } });
    expect((await owner.client.get(`/api/tenants/${slug}`)).status).toBe(404);
    const list = await owner.client.get<Page<TenantView>>(tenantsContract.list.path);
    expect(list.body.data).toEqual([]);
  });
});
