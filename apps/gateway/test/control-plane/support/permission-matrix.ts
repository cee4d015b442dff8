import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@llmguard/db';
import type { ApiKeyView } from '@llmguard/shared';
import { errorOf, type ApiClient, type ApiResponse } from './api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './control-plane-harness';
import { addMember } from './members';

// The permission matrix, cell by cell over HTTP: every tenant-scoped endpoint × every role, as a member of the
// tenant (2xx or 403) and as a member of another tenant only (404, identical to a tenant that does not exist).
// Each area lists its endpoints in its own permissions.<area>.security.int-spec.ts and calls describePermissionMatrix.
// The expectations are written out there on purpose, apart from src/control-plane/auth/permissions.ts, so a change
// to the matrix has to be made twice, deliberately.

export const ROLES: MemberRole[] = ['owner', 'admin', 'developer', 'billing', 'viewer'];
export const EVERYONE = ROLES;
export const MANAGERS: MemberRole[] = ['owner', 'admin'];
export const KEY_WRITERS: MemberRole[] = ['owner', 'admin', 'developer'];
export const KEY_READERS: MemberRole[] = ['owner', 'admin', 'developer', 'viewer'];

export type MatrixTenant = {
  slug: string;
  tenantId: string;
  owner: ApiClient;
  /** One signed-in browser per role, each a member of this tenant only. */
  members: Record<MemberRole, ApiClient>;
};

export type EndpointCase = {
  name: string;
  allowed: MemberRole[];
  okStatus: number;
  /** Sends the request against `tenant`, making fresh target resources there (as its owner) first. */
  call(client: ApiClient, tenant: MatrixTenant, harness: ControlPlaneHarness): Promise<ApiResponse>;
};

export const tenantPath = (tenant: MatrixTenant) => `/api/tenants/${tenant.slug}`;

/** A fresh data-plane key of the tenant, made by its owner. */
export async function freshKeyId(tenant: MatrixTenant): Promise<string> {
  const response = await tenant.owner.post<{ key: ApiKeyView }>(`${tenantPath(tenant)}/api-keys`, {
    name: `target-${uniqueTag()}`,
  });
  return response.body.key.id;
}

/** A fresh viewer membership in the tenant. */
export async function freshMemberId(tenant: MatrixTenant, harness: ControlPlaneHarness): Promise<string> {
  const user = await harness.signUp();
  return addMember(harness.prisma, tenant.tenantId, user.id, 'viewer');
}

export type PermissionMatrixOptions = {
  /** Extra gateway settings, resolved when the suite starts (e.g. the URL of a fake server started first). */
  env?: () => Promise<Record<string, string>>;
};

/** Registers the matrix suite for these endpoints: two tenants with a member per role, and a platform admin. */
export function describePermissionMatrix(
  endpoints: EndpointCase[],
  options: PermissionMatrixOptions = {},
): void {
  let harness: ControlPlaneHarness;
  let tenantA: MatrixTenant;
  let tenantB: MatrixTenant;
  let platformAdmin: ApiClient;
  /** The 404 of a tenant that does not exist, minus its request id: what every outsider must get. */
  let missingTenant: Omit<ReturnType<typeof errorOf>, 'requestId'>;

  async function makeTenant(): Promise<MatrixTenant> {
    const { slug, tenantId, owner } = await harness.tenantWithOwner();
    const members = { owner: owner.client } as Record<MemberRole, ApiClient>;
    for (const role of ROLES.filter((candidate) => candidate !== 'owner')) {
      const user = await harness.signUp();
      await addMember(harness.prisma, tenantId, user.id, role);
      members[role] = user.client;
    }
    return { slug, tenantId, owner: owner.client, members };
  }

  beforeAll(async () => {
    harness = await startControlPlane((await options.env?.()) ?? {});
    [tenantA, tenantB] = [await makeTenant(), await makeTenant()];
    const admin = await harness.signUp();
    await harness.prisma.user.update({ where: { id: admin.id }, data: { isPlatformAdmin: true } });
    platformAdmin = admin.client;
    const { requestId: _requestId, ...missing } = errorOf(
      await tenantA.owner.get(`/api/tenants/missing-${uniqueTag()}`),
    );
    missingTenant = missing;
  });

  afterAll(async () => {
    await harness?.close();
  });

  describe.each(endpoints)('$name', (endpoint) => {
    it.each(ROLES)('as %s of the tenant', async (role) => {
      const response = await endpoint.call(tenantA.members[role], tenantA, harness);
      if (endpoint.allowed.includes(role)) {
        expect(response.status, JSON.stringify(response.body)).toBe(endpoint.okStatus);
      } else {
        expect(response.status).toBe(403);
        expect(errorOf(response).code).toBe('permission_denied');
      }
    });

    it.each(ROLES)('as %s of another tenant: 404 exactly like a missing tenant', async (role) => {
      const response = await endpoint.call(tenantB.members[role], tenantA, harness);
      expect(response.status).toBe(404);
      const { requestId: _requestId, ...error } = errorOf(response);
      expect(error).toEqual(missingTenant);
    });

    it('as a platform admin who is not a member', async () => {
      const response = await endpoint.call(platformAdmin, tenantA, harness);
      expect(response.status, JSON.stringify(response.body)).toBe(endpoint.okStatus);
    });
  });
}
