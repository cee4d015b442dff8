import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { MeterEventSender } from './meter-event.sender';
import {
  REPORT_USAGE_TO_STRIPE_JOB,
  STRIPE_BILLING_QUEUE,
  SYNC_STRIPE_CUSTOMERS_JOB,
} from './stripe-billing.queue';
import { StripeCustomerSync } from './stripe-customer.sync';
import { UsageHourCloser } from './usage-hour.closer';

/**
 * Runs the Stripe jobs. Each is idempotent (idempotency keys, a locked watermark, rows claimed with SKIP LOCKED), so
 * whichever replica picks a run may do it, and a run that died is simply done again by the next one.
 */
@Processor(STRIPE_BILLING_QUEUE)
export class StripeBillingProcessor extends WorkerHost {
  constructor(
    private readonly customers: StripeCustomerSync,
    private readonly closer: UsageHourCloser,
    private readonly sender: MeterEventSender,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case SYNC_STRIPE_CUSTOMERS_JOB:
        return this.customers.syncMissing();
      case REPORT_USAGE_TO_STRIPE_JOB: {
        // Closing first lets an hour that just closed go out in the same run.
        const closed = await this.closer.closeDueHours();
        return { ...closed, ...(await this.sender.sendDue()) };
      }
      default:
        throw new Error(`unknown Stripe billing job ${job.name}`);
    }
  }
}
