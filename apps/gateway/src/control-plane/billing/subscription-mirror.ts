import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Prisma, Subscription, Tenant } from '@llmguard/db';
import {
  newId,
  parseTierPrices,
  tierForStripePrices,
  type GatewayEnv,
  type TierPrices,
} from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import { toSubscriptionView } from './billing.view';
import { fromEpochSeconds, fromEpochSecondsOrNull, type StripeSubscriptionObject } from './stripe-objects';

/** Stripe statuses under which the subscription's tier applies; past_due keeps it while Stripe retries payment. */
const GRANTING_STATUSES: readonly string[] = ['active', 'trialing', 'past_due'];
/** Statuses that end what a subscription granted (incomplete has not granted anything yet). */
const ENDED_STATUSES: readonly string[] = ['canceled', 'unpaid', 'incomplete_expired', 'paused'];
/** The tier a tenant falls back to when its paid subscription ends. */
const UNPAID_TIER = 'free';

/**
 * Mirrors a Stripe subscription into `subscriptions` and keeps `tenants.tier_id` in step: a granting subscription
 * sets its tier, an ended one drops the tenant back to free if that tier came from it. Runs in the caller's
 * transaction (the webhook's, or the subscribe endpoint's), with one audit entry per change. The row remembers the
 * Stripe time it reflects, so an older event delivered late is ignored.
 */
@Injectable()
export class SubscriptionMirror {
  private readonly logger = new Logger(SubscriptionMirror.name);
  private readonly prices: TierPrices;

  constructor(
    private readonly audit: AuditLogWriter,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.prices = parseTierPrices(env.STRIPE_TIER_PRICES);
  }

  /** Returns the row as it now stands, or null when the subscription is not ours or the event is stale. */
  async apply(
    tx: Prisma.TransactionClient,
    subscription: StripeSubscriptionObject,
    stripeTime: Date,
    actor: AuditActor,
  ): Promise<Subscription | null> {
    const tenant = await tx.tenant.findUnique({ where: { stripeCustomerId: subscription.customer } });
    const tierId = tierForStripePrices(
      this.prices,
      subscription.items.data.map((item) => item.price.id),
    );
    if (!tenant || !tierId) {
      this.logger.warn(
        `Stripe subscription ${subscription.id} ignored: ${tenant ? 'no price of a paying tier' : 'unknown customer'}`,
      );
      return null;
    }
    const [before] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM subscriptions WHERE stripe_subscription_id = ${subscription.id} FOR UPDATE`;
    const existing = before ? await tx.subscription.findUnique({ where: { id: before.id } }) : null;
    // A subscription never changes customer; a row of another tenant means corrupt data, not something to move.
    if (existing && existing.tenantId !== tenant.id) {
      this.logger.error(`Stripe subscription ${subscription.id} belongs to another tenant here; ignored`);
      return null;
    }
    if (existing?.stripeEventCreatedAt && existing.stripeEventCreatedAt > stripeTime) return null;
    const fields = mirroredFields(subscription, tierId, stripeTime);
    const row = existing
      ? await tx.subscription.update({ where: { id: existing.id }, data: fields })
      : await tx.subscription.create({
          data: { id: newId('sbn'), tenantId: tenant.id, stripeSubscriptionId: subscription.id, ...fields },
        });
    await this.audit.append(tx, actor, {
      tenantId: tenant.id,
      action: existing ? 'subscription.updated' : 'subscription.created',
      target: { type: 'subscription', id: row.id },
      before: existing ? toSubscriptionView(existing) : null,
      after: toSubscriptionView(row),
    });
    await this.applyTier(tx, tenant, row, actor);
    return row;
  }

  private async applyTier(
    tx: Prisma.TransactionClient,
    tenant: Tenant,
    subscription: Subscription,
    actor: AuditActor,
  ): Promise<void> {
    let tierId: string | null = null;
    if (GRANTING_STATUSES.includes(subscription.status)) tierId = subscription.tierId;
    else if (ENDED_STATUSES.includes(subscription.status) && tenant.tierId === subscription.tierId) {
      // Another live subscription of the tenant keeps granting its own tier.
      const other = await tx.subscription.findFirst({
        where: { tenantId: tenant.id, id: { not: subscription.id }, status: { in: [...GRANTING_STATUSES] } },
        orderBy: { createdAt: 'desc' },
      });
      tierId = other?.tierId ?? UNPAID_TIER;
    }
    if (tierId === null || tierId === tenant.tierId) return;
    const updated = await tx.tenant.update({ where: { id: tenant.id }, data: { tierId } });
    await this.audit.append(tx, actor, {
      tenantId: tenant.id,
      action: 'tenant.tier_changed',
      target: { type: 'tenant', id: tenant.id },
      before: { tierId: tenant.tierId },
      after: { tierId: updated.tierId, stripeSubscriptionId: subscription.stripeSubscriptionId },
    });
  }
}

function mirroredFields(subscription: StripeSubscriptionObject, tierId: string, stripeTime: Date) {
  const item = subscription.items.data[0];
  const periodStart = item?.current_period_start ?? subscription.current_period_start ?? subscription.created;
  const periodEnd = item?.current_period_end ?? subscription.current_period_end ?? periodStart;
  return {
    status: subscription.status,
    tierId,
    stripePriceIds: subscription.items.data.map((entry) => entry.price.id),
    currentPeriodStart: fromEpochSeconds(periodStart),
    currentPeriodEnd: fromEpochSeconds(periodEnd),
    cancelAtPeriodEnd: subscription.cancel_at_period_end ?? false,
    canceledAt: fromEpochSecondsOrNull(subscription.canceled_at),
    trialEndsAt: fromEpochSecondsOrNull(subscription.trial_end),
    stripeEventCreatedAt: stripeTime,
  };
}
