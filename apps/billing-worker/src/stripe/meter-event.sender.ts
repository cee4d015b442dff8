import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { BillingOutboxRepository, type DueMeterEvent } from './billing-outbox.repository';
import { classifyStripeFailure } from './stripe-failure';
import { STRIPE } from './stripe.client';

const BATCH_SIZE = 100;
/** Batches per run: bounds one job's length; the rest waits for the next run. */
const BATCHES_PER_RUN_MAX = 20;
/** A claimed row is someone else's to retry after this long (the sender died). */
const CLAIM_LEASE_MS = 5 * 60_000;
const RETRY_DELAY_MS_MAX = 3_600_000;

export type SendResult = { sent: number; retried: number; failed: number };

/**
 * Sends due billing_outbox rows to Stripe as Billing Meter events, one at a time (Stripe allows one concurrent call
 * per customer and meter). The identifier and the idempotency key are the row's stable identifier, so a send
 * retried after Stripe accepted it (the answer was lost, or the worker died before marking the row sent) is not
 * counted twice. Transient failures are retried with exponential backoff (STRIPE_RETRY_BASE_MS doubling up to an
 * hour); a permanent 4xx marks the row `failed` for a person to look at.
 */
@Injectable()
export class MeterEventSender {
  private readonly logger = new Logger(MeterEventSender.name);

  constructor(
    private readonly outbox: BillingOutboxRepository,
    @Inject(STRIPE) private readonly stripe: Stripe | null,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
    private readonly metrics: WorkerMetrics,
  ) {}

  async sendDue(now = new Date()): Promise<SendResult> {
    const result: SendResult = { sent: 0, retried: 0, failed: 0 };
    const stripe = this.stripe;
    if (!stripe) return result;
    for (let batch = 0; batch < BATCHES_PER_RUN_MAX; batch += 1) {
      const due = await this.outbox.claimDue(now, BATCH_SIZE, CLAIM_LEASE_MS);
      for (const event of due) result[await this.send(stripe, event, now)] += 1;
      if (due.length < BATCH_SIZE) break;
    }
    if (result.sent + result.retried + result.failed > 0)
      this.logger.log(`meter events sent=${result.sent} retried=${result.retried} failed=${result.failed}`);
    return result;
  }

  private async send(stripe: Stripe, event: DueMeterEvent, now: Date): Promise<keyof SendResult> {
    if (!event.stripeCustomerId) {
      this.metrics.stripeMeterEventFailures.inc({ error_class: 'no_customer', permanent: 'false' });
      await this.outbox.scheduleRetry(
        event.id,
        'The tenant has no Stripe customer yet.',
        this.retryAt(event, now),
      );
      return 'retried';
    }
    const body = {
      event_name: event.eventName,
      identifier: event.identifier,
      timestamp: Math.floor(event.windowStart.getTime() / 1000),
      payload: { stripe_customer_id: event.stripeCustomerId, value: event.value.toString() },
    };
    try {
      await stripe.billing.meterEvents.create(body, { idempotencyKey: `llmguard-meter-${event.identifier}` });
    } catch (error) {
      const failure = classifyStripeFailure(error);
      this.metrics.stripeMeterEventFailures.inc({
        error_class: failure.errorClass,
        permanent: String(failure.permanent),
      });
      if (failure.permanent) {
        this.logger.error(`meter event ${event.identifier} refused for good: ${failure.message}`);
        await this.outbox.markFailed(event.id, failure.message);
        return 'failed';
      }
      await this.outbox.scheduleRetry(event.id, failure.message, this.retryAt(event, now));
      return 'retried';
    }
    this.metrics.stripeMeterEventsSent.inc();
    await this.outbox.markSent(event.id, body, now);
    return 'sent';
  }

  /** base × 2^attempts, capped at an hour. */
  private retryAt(event: DueMeterEvent, now: Date): Date {
    const delayMs = Math.min(this.env.STRIPE_RETRY_BASE_MS * 2 ** event.attempts, RETRY_DELAY_MS_MAX);
    return new Date(now.getTime() + delayMs);
  }
}
