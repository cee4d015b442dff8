import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { BillingOutboxRepository } from './billing-outbox.repository';
import { MeterEventSender } from './meter-event.sender';
import { StripeBillingProcessor } from './stripe-billing.processor';
import { STRIPE_BILLING_QUEUE } from './stripe-billing.queue';
import { StripeBillingScheduler } from './stripe-billing.scheduler';
import { StripeCustomerSync } from './stripe-customer.sync';
import { stripeProvider } from './stripe.client';
import { UsageHourCloser } from './usage-hour.closer';

/**
 * The Stripe half of the worker: a customer per tenant, closed hours of usage into billing_outbox, and the outbox
 * sent as Billing Meter events. Off (no jobs scheduled) while STRIPE_SECRET_KEY is unset.
 */
@Module({
  imports: [BullModule.registerQueue({ name: STRIPE_BILLING_QUEUE })],
  providers: [
    stripeProvider,
    StripeCustomerSync,
    UsageHourCloser,
    BillingOutboxRepository,
    MeterEventSender,
    StripeBillingProcessor,
    StripeBillingScheduler,
  ],
})
export class StripeBillingModule {}
