import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { PrismaClient, Tenant } from '@llmguard/db';
import {
  GatewayError,
  parseTierPrices,
  type BillingOverview,
  type BillingSubscriptionView,
  type GatewayEnv,
  type TierPrices,
} from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import type { AuditActor } from '../audit-log/audit-log.writer';
import { conflict } from '../common/errors';
import { toPage, type PageRequest } from '../common/pagination';
import { BillingRepository } from './billing.repository';
import { toInvoiceView, toSubscriptionView } from './billing.view';
import { callStripe } from './stripe-call';
import { stripeSubscriptionSchema } from './stripe-objects';
import { STRIPE } from './stripe.provider';
import { SubscriptionMirror } from './subscription-mirror';

/** Statuses of a subscription that is still alive in Stripe: a second one would bill the tenant twice. */
const LIVE_STATUSES: readonly string[] = ['active', 'trialing', 'past_due', 'incomplete', 'unpaid', 'paused'];

/** A tenant's billing: overview, invoices, and subscribing to a paying tier's metered price. */
@Injectable()
export class BillingService {
  private readonly prices: TierPrices;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(STRIPE) private readonly stripe: Stripe | null,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
    private readonly billing: BillingRepository,
    private readonly mirror: SubscriptionMirror,
  ) {
    this.prices = parseTierPrices(env.STRIPE_TIER_PRICES);
  }

  async overview(tenant: Tenant): Promise<BillingOverview> {
    const subscription = await this.billing.latestSubscription(tenant.id);
    return {
      enabled: this.stripe !== null,
      tierId: tenant.tierId,
      customerReady: tenant.stripeCustomerId !== null,
      subscribableTiers: Object.keys(this.prices),
      subscription: subscription ? toSubscriptionView(subscription) : null,
      usageReporting: await this.billing.usageReporting(tenant.id),
    };
  }

  async listInvoices(tenantId: string, page: PageRequest) {
    const rows = await this.billing.listInvoices(tenantId, page);
    return toPage(rows, page, toInvoiceView, (row) => row.id);
  }

  /**
   * Creates the Stripe subscription to the tier's metered price and mirrors it at once (webhooks keep it current).
   * The idempotency key names the tenant, the tier and the subscription it replaces, so a double click or a retry
   * gets the same subscription while a later resubscription gets a new one.
   */
  async subscribe(tenant: Tenant, actor: AuditActor, tierId: string): Promise<BillingSubscriptionView> {
    const stripe = requireStripe(this.stripe);
    const price = this.prices[tierId];
    if (!price) throw unknownTier(tierId, Object.keys(this.prices));
    const customer = requireCustomer(tenant);
    const latest = await this.billing.latestSubscription(tenant.id);
    if (latest && LIVE_STATUSES.includes(latest.status)) {
      throw conflict(
        `The tenant already has a ${latest.status} subscription (${latest.tierId}); change plans in the Billing Portal.`,
      );
    }
    const created = await callStripe('create the subscription', () =>
      stripe.subscriptions.create(
        { customer, items: [{ price }], metadata: { tenant_id: tenant.id, tier_id: tierId } },
        { idempotencyKey: `llmguard-subscription-${tenant.id}-${tierId}-${latest?.id ?? 'first'}` },
      ),
    );
    const subscription = stripeSubscriptionSchema.parse(created);
    const row = await this.prisma.$transaction((tx) =>
      this.mirror.apply(tx, subscription, new Date(subscription.created * 1000), actor),
    );
    if (!row)
      throw new GatewayError('internal_error', { publicMessage: 'The subscription could not be recorded.' });
    return toSubscriptionView(row);
  }
}

export function requireStripe(stripe: Stripe | null): Stripe {
  if (stripe) return stripe;
  throw new GatewayError('service_unavailable', {
    publicMessage: 'Billing is not enabled on this installation.',
    retryable: false,
  });
}

export function requireCustomer(tenant: Tenant): string {
  if (tenant.stripeCustomerId) return tenant.stripeCustomerId;
  throw conflict("The tenant's billing account is still being set up; try again in a minute.");
}

function unknownTier(tierId: string, tiers: string[]): GatewayError {
  const message = `"${tierId}" is not a tier sold through Stripe.`;
  return new GatewayError('validation_failed', {
    publicMessage: `The request body is invalid: body.tierId ${message}`,
    details: [
      { location: 'body.tierId', message, fix: `Use one of: ${tiers.join(', ') || '(none configured)'}.` },
    ],
  });
}
