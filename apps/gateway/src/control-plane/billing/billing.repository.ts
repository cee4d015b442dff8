import { Inject, Injectable } from '@nestjs/common';
import type { Invoice, PrismaClient, Subscription } from '@llmguard/db';
import type { UsageReportingView } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';

/** A pending meter event older than this is overdue: a healthy worker sends within a minute or two. */
const OVERDUE_AFTER_MS = 3_600_000;

/** Reads of a tenant's billing mirrors and of its usage reporting to Stripe. */
@Injectable()
export class BillingRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  latestSubscription(tenantId: string): Promise<Subscription | null> {
    return this.prisma.subscription.findFirst({
      where: { tenantId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** Newest billing period first; `limit + 1` rows (see toPage). */
  listInvoices(tenantId: string, page: { limit: number; cursor?: string }): Promise<Invoice[]> {
    return this.prisma.invoice.findMany({
      where: { tenantId },
      orderBy: [{ periodStart: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }

  async usageReporting(tenantId: string, now = new Date()): Promise<UsageReportingView> {
    const overdueBefore = new Date(now.getTime() - OVERDUE_AFTER_MS);
    const [counts] = await this.prisma.$queryRaw<
      { pending: number; overdue: number; failed: number; last_sent_at: Date | null }[]
    >`
      SELECT count(*) FILTER (WHERE status = 'pending')::integer AS pending,
             count(*) FILTER (WHERE status = 'pending' AND created_at < ${overdueBefore})::integer AS overdue,
             count(*) FILTER (WHERE status = 'failed')::integer AS failed,
             max(sent_at) AS last_sent_at
      FROM billing_outbox WHERE tenant_id = ${tenantId}`;
    const lastProblem = await this.prisma.billingOutbox.findFirst({
      where: { tenantId, status: { not: 'sent' }, lastError: { not: null } },
      orderBy: { updatedAt: 'desc' },
      select: { lastError: true },
    });
    return {
      pending: counts?.pending ?? 0,
      pendingOverdue: counts?.overdue ?? 0,
      failed: counts?.failed ?? 0,
      lastSentAt: counts?.last_sent_at?.toISOString() ?? null,
      lastError: lastProblem?.lastError ?? null,
    };
  }
}
