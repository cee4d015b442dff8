import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient, type SlaReportDaily, type SlaTier } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';
import type { SlaCounts } from './sla-measure';

/** Counts of one UTC day, as measured from usage_events. */
export type DailyCounts = SlaCounts & { day: Date };

type CountsRow = {
  requests: bigint;
  serverErrors: bigint;
  latencyP95Ms: number | null;
  ttftP95Ms: number | null;
};

/*
 * The SLA definitions, in SQL (documented on the contract):
 * - server-side error: outcome `upstream_error`, or status >= 500 unless the client had already gone;
 *   client errors (4xx, rejections) and client disconnects are requests but never errors;
 * - latency p95 over requests not streamed (stream false, or unknown on old rows); TTFT p95 over streamed requests.
 */
const MEASURES = Prisma.raw(`
  COUNT(*) AS requests,
  COUNT(*) FILTER (WHERE outcome = 'upstream_error'
                      OR (status >= 500 AND outcome <> 'client_disconnected')) AS "serverErrors",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE stream IS NOT TRUE) AS "latencyP95Ms",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE stream IS TRUE) AS "ttftP95Ms"`);

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
    return row ? toCounts(row) : { requests: 0, serverErrors: 0, latencyP95Ms: null, ttftP95Ms: null };
  }
}

function toCounts(row: CountsRow): SlaCounts {
  return {
    requests: Number(row.requests),
    serverErrors: Number(row.serverErrors),
    latencyP95Ms: row.latencyP95Ms,
    ttftP95Ms: row.ttftP95Ms,
  };
}
