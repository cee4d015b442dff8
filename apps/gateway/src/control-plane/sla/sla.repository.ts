import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient, type SlaReportDaily, type SlaTier } from '@llmguard/db';
import { SLA_MEASURES_SQL } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { NO_TRAFFIC, type SlaCounts } from './sla-measure';

/** Counts of one UTC day, as measured from usage_events. */
export type DailyCounts = SlaCounts & { day: Date };

type CountsRow = {
  requests: bigint;
  serverErrors: bigint;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP95Ms: number | null;
};

// The SLA definitions, shared with the billing worker's daily reports (libs/shared sla-definitions.ts).
const MEASURES = Prisma.raw(SLA_MEASURES_SQL);

/** SLA inputs of one tenant: its tier, the stored daily reports and live measures from usage_events. */
@Injectable()
export class SlaRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  tier(tierId: string): Promise<SlaTier | null> {
    return this.prisma.slaTier.findUnique({ where: { id: tierId } });
  }

  /** Stored daily reports with from <= day < to. */
  reports(tenantId: string, from: Date, to: Date): Promise<SlaReportDaily[]> {
    return this.prisma.slaReportDaily.findMany({
      where: { tenantId, day: { gte: from, lt: to } },
      orderBy: { day: 'asc' },
    });
  }

  /** Measures per UTC day of the events in [from, to); days without events are absent. */
  async dailyCounts(tenantId: string, from: Date, to: Date): Promise<DailyCounts[]> {
    const rows = await this.prisma.$queryRaw<(CountsRow & { day: Date })[]>`
      SELECT date_trunc('day', occurred_at, 'UTC') AS day, ${MEASURES}
      FROM usage_events
      WHERE tenant_id = ${tenantId} AND occurred_at >= ${from} AND occurred_at < ${to}
      GROUP BY 1`;
    return rows.map((row) => ({ day: row.day, ...toCounts(row) }));
  }

  /** Measures over all events in [from, to) (percentiles need the raw values, not the daily ones). */
  async periodCounts(tenantId: string, from: Date, to: Date): Promise<SlaCounts> {
    const [row] = await this.prisma.$queryRaw<CountsRow[]>`
      SELECT ${MEASURES}
      FROM usage_events
      WHERE tenant_id = ${tenantId} AND occurred_at >= ${from} AND occurred_at < ${to}`;
    return row ? toCounts(row) : NO_TRAFFIC;
  }
}

function toCounts(row: CountsRow): SlaCounts {
  return {
    requests: Number(row.requests),
    serverErrors: Number(row.serverErrors),
    latencyP50Ms: row.latencyP50Ms,
    latencyP95Ms: row.latencyP95Ms,
    ttftP95Ms: row.ttftP95Ms,
  };
}
