import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { PRISMA } from '../clients/worker-clients';

/** A due meter event, with the tenant's Stripe customer (null until the customer job made one). */
export type DueMeterEvent = {
  id: string;
  tenantId: string;
  identifier: string;
  eventName: string;
  value: bigint;
  windowStart: Date;
  attempts: number;
  stripeCustomerId: string | null;
};

/**
 * The sending side of billing_outbox. Rows are claimed by pushing next_attempt_at past a lease (FOR UPDATE SKIP
 * LOCKED, so replicas never claim the same row) instead of holding a transaction open across Stripe calls; a sender
 * that dies mid-batch leaves its rows to be claimed again when the lease ends, and Stripe deduplicates the resend.
 */
@Injectable()
export class BillingOutboxRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<DueMeterEvent[]> {
    const leaseEnd = new Date(now.getTime() + leaseMs);
    const rows = await this.prisma.$queryRaw<
      {
        id: string;
        tenant_id: string;
        identifier: string;
        event_name: string;
        value: bigint;
        window_start: Date;
        attempts: number;
        stripe_customer_id: string | null;
      }[]
    >`
      WITH due AS (
        SELECT id FROM billing_outbox
        WHERE status = 'pending' AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE billing_outbox o SET next_attempt_at = ${leaseEnd}, updated_at = now()
      FROM due, tenants t
      WHERE o.id = due.id AND t.id = o.tenant_id
      RETURNING o.id, o.tenant_id, o.identifier, o.event_name, o.value, o.window_start, o.attempts,
        t.stripe_customer_id`;
    return rows
      .map((row) => ({
        id: row.id,
        tenantId: row.tenant_id,
        identifier: row.identifier,
        eventName: row.event_name,
        value: row.value,
        windowStart: row.window_start,
        attempts: row.attempts,
        stripeCustomerId: row.stripe_customer_id,
      }))
      .sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime() || a.id.localeCompare(b.id));
  }

  async markSent(id: string, payload: object, now: Date): Promise<void> {
    await this.prisma.billingOutbox.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'sent', sentAt: now, payload, lastError: null, attempts: { increment: 1 } },
    });
  }

  async scheduleRetry(id: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.prisma.billingOutbox.updateMany({
      where: { id, status: 'pending' },
      data: { lastError: error, nextAttemptAt, attempts: { increment: 1 } },
    });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.prisma.billingOutbox.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'failed', lastError: error, attempts: { increment: 1 } },
    });
  }
}
