import { describePermissionMatrix, tenantPath, type MatrixTenant } from './support/permission-matrix';

// The budget-alert and service-credit endpoints, cell by cell (see support/permission-matrix.ts): owners, admins and the billing role,
// like the rest of billing.

const BILLING_ROLES = ['owner', 'admin', 'billing'] as const;
const webhookPath = (tenant: MatrixTenant) => `${tenantPath(tenant)}/billing/alert-webhook`;
const body = { url: 'https://hooks.example.test/llmguard' };

/** Makes sure the tenant has a webhook (as its owner), so a removal has something to act on. */
async function withWebhook(tenant: MatrixTenant): Promise<void> {
  const response = await tenant.owner.request('PUT', webhookPath(tenant), { body });
  if (response.status !== 200) throw new Error(`webhook setup failed: ${JSON.stringify(response.body)}`);
}

describePermissionMatrix([
  {
    name: 'GET billing alert webhook',
    allowed: [...BILLING_ROLES],
    okStatus: 200,
    call: (c, t) => c.get(webhookPath(t)),
  },
  {
    name: 'PUT billing alert webhook',
    allowed: [...BILLING_ROLES],
    okStatus: 200,
    call: (c, t) => c.request('PUT', webhookPath(t), { body }),
  },
  {
    name: 'DELETE billing alert webhook',
    allowed: [...BILLING_ROLES],
    okStatus: 204,
    call: async (c, t) => {
      await withWebhook(t);
      return c.delete(webhookPath(t));
    },
  },
  {
    name: 'GET billing alerts',
    allowed: [...BILLING_ROLES],
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/billing/alerts`),
  },
  {
    name: 'GET billing service credits',
    allowed: [...BILLING_ROLES],
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/billing/service-credits`),
  },
]);
