import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, SlaReportDaily } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';

/** The daily SLA reports (written by the billing worker) that credited the tenant something. */
@Injectable()
export class ServiceCreditsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Reports with from <= day < to and a positive credit, oldest first. */
  creditedDays(tenantId: string, from: Date, to: Date): Promise<SlaReportDaily[]> {
    return this.prisma.slaReportDaily.findMany({
      where: { tenantId, day: { gte: from, lt: to }, creditMicros: { gt: 0n } },
      orderBy: { day: 'asc' },
    });
  }
}
