import { Inject, Injectable } from '@nestjs/common';
import type { BudgetAlertSent, BudgetAlertWebhook, Prisma, PrismaClient } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';

type Db = PrismaClient | Prisma.TransactionClient;

/** The tenant's budget-alert webhook row and the alerts the billing worker recorded. */
@Injectable()
export class BudgetAlertsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findWebhook(db: Db, tenantId: string): Promise<BudgetAlertWebhook | null> {
    return db.budgetAlertWebhook.findUnique({ where: { tenantId } });
  }

  upsertWebhook(
    db: Db,
    tenantId: string,
    url: string,
    signingSecretSealed: string,
  ): Promise<BudgetAlertWebhook> {
    return db.budgetAlertWebhook.upsert({
      where: { tenantId },
      create: { tenantId, url, signingSecretSealed },
      update: { url, signingSecretSealed },
    });
  }

  async deleteWebhook(db: Db, tenantId: string): Promise<void> {
    await db.budgetAlertWebhook.delete({ where: { tenantId } });
  }

  /**
   * Alerts of periods from `sinceMonth` (`YYYY-MM`) on, newest first. Periods are `YYYY-MM` or `YYYY-MM-DD`, so one
   * string comparison keeps the months and the days of those months.
   */
  listAlertsSince(tenantId: string, sinceMonth: string): Promise<BudgetAlertSent[]> {
    return this.prisma.budgetAlertSent.findMany({
      where: { tenantId, period: { gte: sinceMonth } },
      orderBy: [{ crossedAt: 'desc' }, { period: 'desc' }, { thresholdPercent: 'desc' }, { apiKeyId: 'asc' }],
    });
  }
}
