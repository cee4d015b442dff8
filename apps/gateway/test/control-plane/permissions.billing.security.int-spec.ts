import { afterAll } from 'vitest';
import type { ControlPlaneHarness } from './support/control-plane-harness';
import { startFakeStripe, stripeGatewayEnv, type FakeStripe } from './support/fake-stripe';
import { describePermissionMatrix, tenantPath, type MatrixTenant } from './support/permission-matrix';

// The billing endpoints, cell by cell (see support/permission-matrix.ts): owners, admins and the billing role, against
// a fake Stripe.

const BILLING_ROLES = ['owner', 'admin', 'billing'] as const;
const billingPath = (tenant: MatrixTenant) => `${tenantPath(tenant)}/billing`;

let fake: FakeStripe | undefined;

afterAll(async () => {
  await fake?.close();
});

/** The tenant's Stripe customer (the billing worker makes it in production; no worker runs here). */
async function withCustomer(tenant: MatrixTenant, harness: ControlPlaneHarness): Promise<void> {
  await harness.prisma.tenant.updateMany({
    where: { id: tenant.tenantId, stripeCustomerId: null },
    data: { stripeCustomerId: `cus_matrix_${tenant.tenantId}` },
  });
}

describePermissionMatrix(
  [
    {
      name: 'GET billing',
      allowed: [...BILLING_ROLES],
      okStatus: 200,
      call: (c, t) => c.get(billingPath(t)),
    },
    {
      name: 'GET billing invoices',
      allowed: [...BILLING_ROLES],
      okStatus: 200,
      call: (c, t) => c.get(`${billingPath(t)}/invoices`),
    },
    {
      name: 'PUT billing subscription',
      allowed: [...BILLING_ROLES],
      okStatus: 200,
      call: async (c, t, harness) => {
        await withCustomer(t, harness);
        // Each allowed call subscribes afresh: a live subscription would make the next one a 409.
        await harness.prisma.subscription.deleteMany({ where: { tenantId: t.tenantId } });
        return c.request('PUT', `${billingPath(t)}/subscription`, { body: { tierId: 'pro' } });
      },
    },
    {
      name: 'POST billing checkout session',
      allowed: [...BILLING_ROLES],
      okStatus: 201,
      call: async (c, t, harness) => {
        await withCustomer(t, harness);
        return c.post(`${billingPath(t)}/checkout-sessions`);
      },
    },
    {
      name: 'POST billing portal session',
      allowed: [...BILLING_ROLES],
      okStatus: 201,
      call: async (c, t, harness) => {
        await withCustomer(t, harness);
        return c.post(`${billingPath(t)}/portal-sessions`);
      },
    },
  ],
  {
    env: async () => {
      fake = await startFakeStripe();
      return stripeGatewayEnv(fake);
    },
  },
);
