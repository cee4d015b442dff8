import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import type { PrismaClient } from '@llmguard/db';
import { PRISMA } from '../clients/worker-clients';
import { classifyStripeFailure } from './stripe-failure';
import { STRIPE } from './stripe.client';

/** Tenants given a customer per run; the job runs every STRIPE_CUSTOMER_SYNC_INTERVAL_MS, so a backlog drains. */
const TENANTS_PER_RUN = 100;

export type CustomerSyncResult = { created: number; failed: number };

/**
 * Gives every tenant its one Stripe customer. The gateway only creates the tenant; this job finds tenants without
 * `stripe_customer_id` (newest first, so a new sign-up waits one interval at most) and creates the customer with an
 * idempotency key derived from the tenant id and parameters that never change. A run that crashed after Stripe
 * created the customer, or two replicas racing, get that same customer back from Stripe (within its 24-hour key
 * window), so a retry never makes a second one; the id is stored only if none is stored yet.
 */
@Injectable()
export class StripeCustomerSync {
  private readonly logger = new Logger(StripeCustomerSync.name);

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(STRIPE) private readonly stripe: Stripe | null,
  ) {}

  async syncMissing(): Promise<CustomerSyncResult> {
    const stripe = this.stripe;
    if (!stripe) return { created: 0, failed: 0 };
    const tenants = await this.prisma.tenant.findMany({
      where: { stripeCustomerId: null, status: { not: 'deleted' } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: TENANTS_PER_RUN,
      select: { id: true },
    });
    const result: CustomerSyncResult = { created: 0, failed: 0 };
    for (const tenant of tenants) {
      try {
        const customer = await stripe.customers.create(
          { description: `LLMGuard tenant ${tenant.id}`, metadata: { tenant_id: tenant.id } },
          { idempotencyKey: stripeCustomerIdempotencyKey(tenant.id) },
        );
        await this.prisma.tenant.updateMany({
          where: { id: tenant.id, stripeCustomerId: null },
          data: { stripeCustomerId: customer.id },
        });
        result.created += 1;
      } catch (error) {
        const failure = classifyStripeFailure(error);
        this.logger.warn(`Stripe customer for tenant ${tenant.id} not created: ${failure.message}`);
        result.failed += 1;
        // Stripe is down or refusing our key: the next run tries again instead of hammering it now.
        if (!failure.permanent) break;
      }
    }
    if (result.created > 0 || result.failed > 0)
      this.logger.log(`stripe customers created=${result.created} failed=${result.failed}`);
    return result;
  }
}

/** One key per tenant, so every attempt asks Stripe for the same customer. */
export function stripeCustomerIdempotencyKey(tenantId: string): string {
  return `llmguard-customer-${tenantId}`;
}
