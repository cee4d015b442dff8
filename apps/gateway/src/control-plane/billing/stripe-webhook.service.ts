import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import type { PrismaClient } from '@llmguard/db';
import {
  GatewayError,
  stripeWebhookEventSchema,
  type GatewayEnv,
  type StripeWebhookEvent,
} from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import type { AuditActor } from '../audit-log/audit-log.writer';
import { parseOrThrow } from '../common/zod-validation.pipe';
import { GatewayInvalidations } from '../common/gateway-invalidations';
import { InvoiceMirror } from './invoice-mirror';
import { fromEpochSeconds, stripeInvoiceSchema, stripeSubscriptionSchema } from './stripe-objects';
import { STRIPE } from './stripe.provider';
import { SubscriptionMirror } from './subscription-mirror';

export type WebhookResult = { received: true; duplicate: boolean };

/**
 * Stripe's webhooks: the signature is checked on the raw body with STRIPE_WEBHOOK_SECRET (stripe.webhooks
 * .constructEvent, which also refuses timestamps older than five minutes), then the event is applied in one
 * transaction that first records its id, so a redelivered event changes nothing and a failed one leaves no trace
 * (Stripe retries it). Handled: customer.subscription.* and invoice.*; other types are acknowledged and ignored.
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger(StripeWebhookService.name);

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(STRIPE) private readonly stripe: Stripe | null,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly subscriptions: SubscriptionMirror,
    private readonly invoices: InvoiceMirror,
    private readonly invalidations: GatewayInvalidations,
  ) {}

  verify(rawBody: Buffer | undefined, signature: string | undefined): StripeWebhookEvent {
    const secret = this.env.STRIPE_WEBHOOK_SECRET;
    if (!this.stripe || !secret) {
      throw new GatewayError('service_unavailable', {
        publicMessage: 'Stripe webhooks are not configured on this installation.',
      });
    }
    if (!signature || !rawBody) throw badSignature('The Stripe-Signature header is missing.');
    let event: unknown;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch (error) {
      throw badSignature(
        'The Stripe-Signature header does not verify against this endpoint’s signing secret.',
        error,
      );
    }
    return parseOrThrow(stripeWebhookEventSchema, event, 'body');
  }

  async handle(event: StripeWebhookEvent): Promise<WebhookResult> {
    const stripeTime = fromEpochSeconds(event.created);
    const actor: AuditActor = { type: 'system', id: event.id, ip: null, userAgent: null };
    let tenantWithNewSubscriptionState: string | undefined;
    const result = await this.prisma.$transaction(async (tx) => {
      const recorded = await tx.$executeRaw`
        INSERT INTO stripe_webhook_events (id, type, stripe_created_at)
        VALUES (${event.id}, ${event.type}, ${stripeTime})
        ON CONFLICT (id) DO NOTHING`;
      if (recorded === 0) return { received: true as const, duplicate: true };
      if (event.type.startsWith('customer.subscription.')) {
        const subscription = parseOrThrow(stripeSubscriptionSchema, event.data.object, 'body');
        const row = await this.subscriptions.apply(tx, subscription, stripeTime, actor);
        tenantWithNewSubscriptionState = row?.tenantId;
      } else if (event.type.startsWith('invoice.')) {
        await this.invoices.apply(
          tx,
          parseOrThrow(stripeInvoiceSchema, event.data.object, 'body'),
          stripeTime,
        );
      } else {
        this.logger.debug(`Stripe event ${event.id} (${event.type}) acknowledged, not handled`);
      }
      return { received: true as const, duplicate: false };
    });
    // The subscription may have moved the tenant to another tier, whose default policy every gateway must reload.
    if (tenantWithNewSubscriptionState)
      await this.invalidations.policyChanged({ tenantId: tenantWithNewSubscriptionState, version: null });
    return result;
  }
}

function badSignature(publicMessage: string, cause?: unknown): GatewayError {
  return new GatewayError('invalid_request', { publicMessage, cause });
}
