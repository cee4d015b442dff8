import { uniqueTag } from './support/control-plane-harness';
import {
  describePermissionMatrix,
  EVERYONE,
  freshKeyId,
  freshMemberId,
  KEY_READERS,
  KEY_WRITERS,
  MANAGERS,
  tenantPath,
} from './support/permission-matrix';

// Tenants, members, API keys and the audit log, cell by cell (see support/permission-matrix.ts).
describePermissionMatrix([
  { name: 'GET tenant', allowed: EVERYONE, okStatus: 200, call: (c, t) => c.get(tenantPath(t)) },
  {
    name: 'PATCH tenant',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => c.patch(tenantPath(t), { name: `Renamed ${uniqueTag()}` }),
  },
  {
    name: 'GET members',
    allowed: EVERYONE,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/members`),
  },
  {
    name: 'PATCH member role',
    allowed: MANAGERS,
    okStatus: 200,
    call: async (c, t, h) =>
      c.patch(`${tenantPath(t)}/members/${await freshMemberId(t, h)}`, { role: 'developer' }),
  },
  {
    name: 'DELETE member',
    allowed: MANAGERS,
    okStatus: 204,
    call: async (c, t, h) => c.delete(`${tenantPath(t)}/members/${await freshMemberId(t, h)}`),
  },
  {
    name: 'GET api-keys',
    allowed: KEY_READERS,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/api-keys`),
  },
  {
    name: 'GET api-key',
    allowed: KEY_READERS,
    okStatus: 200,
    call: async (c, t) => c.get(`${tenantPath(t)}/api-keys/${await freshKeyId(t)}`),
  },
  {
    name: 'POST api-keys',
    allowed: KEY_WRITERS,
    okStatus: 201,
    call: (c, t) => c.post(`${tenantPath(t)}/api-keys`, { name: 'matrix' }),
  },
  {
    name: 'PATCH api-key',
    allowed: KEY_WRITERS,
    okStatus: 200,
    call: async (c, t) => c.patch(`${tenantPath(t)}/api-keys/${await freshKeyId(t)}`, { name: 'renamed' }),
  },
  {
    name: 'POST api-key revoke',
    allowed: KEY_WRITERS,
    okStatus: 200,
    call: async (c, t) => c.post(`${tenantPath(t)}/api-keys/${await freshKeyId(t)}/revoke`),
  },
  {
    name: 'POST api-key rotate',
    allowed: KEY_WRITERS,
    okStatus: 201,
    call: async (c, t) => c.post(`${tenantPath(t)}/api-keys/${await freshKeyId(t)}/rotate`),
  },
  {
    name: 'GET audit-log',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/audit-log`),
  },
  {
    name: 'GET audit-log verify',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/audit-log/verify`),
  },
]);
