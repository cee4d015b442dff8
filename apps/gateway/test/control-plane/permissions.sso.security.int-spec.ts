import { uniqueTag } from './support/control-plane-harness';
import {
  describePermissionMatrix,
  MANAGERS,
  tenantPath,
  type MatrixTenant,
} from './support/permission-matrix';

// The SSO connection endpoints, cell by cell (see support/permission-matrix.ts): owners and admins only.

const ssoPath = (tenant: MatrixTenant) => `${tenantPath(tenant)}/sso`;

const settings = () => ({
  issuer: 'https://idp.example.test',
  clientId: `matrix-${uniqueTag()}`,
  clientSecret: 'matrix-client-secret',
  allowedEmailDomains: ['example.test'],
});

/** Makes sure the tenant has a connection (as its owner), so a read or a removal has something to act on. */
async function withConnection(tenant: MatrixTenant): Promise<void> {
  const response = await tenant.owner.request('PUT', ssoPath(tenant), { body: settings() });
  if (response.status !== 200) throw new Error(`SSO setup failed: ${JSON.stringify(response.body)}`);
}

describePermissionMatrix([
  {
    name: 'GET sso',
    allowed: MANAGERS,
    okStatus: 200,
    call: async (c, t) => {
      await withConnection(t);
      return c.get(ssoPath(t));
    },
  },
  {
    name: 'PUT sso',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => c.request('PUT', ssoPath(t), { body: settings() }),
  },
  {
    name: 'DELETE sso',
    allowed: MANAGERS,
    okStatus: 204,
    call: async (c, t) => {
      await withConnection(t);
      return c.delete(ssoPath(t));
    },
  },
]);
