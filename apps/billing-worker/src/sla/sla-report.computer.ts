import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@llmguard/db';
import { SLA_MEASURES_SQL, slaAvailabilityBasisPoints, slaDailyCreditMicros } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';

const DAY_MS = 86_400_000;
/** A worker down for longer than this leaves older days to be measured live by the control plane. */
const BACKFILL_DAYS_MAX = 7;
const MEASURES = Prisma.raw(SLA_MEASURES_SQL);

export type DayRow = {
  tenantId: string;
  tierId: string;
  requests: bigint;
  serverErrors: bigint;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP95Ms: number | null;
  costMicros: bigint;
  availabilityTarget: number;
  latencyTarget: number | null;
  ttftTarget: number | null;
  creditPercent: number;
};

/**
 * Computes sla_reports_daily: per tenant and UTC day, the measures (definitions shared with the control plane's SLA
 * read model through libs/shared), breaches against the tenant's current tier, and the service credit. Upserted, so
 * recomputing a day (today as it goes, yesterday once more for late events) only refreshes its row.
 */
@Injectable()
export class SlaReportComputer {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The days to (re)compute: from the newest stored report's day (yesterday at the latest, a week back at most) through today. */
  async dueDays(now = new Date()): Promise<Date[]> {
    const today = startOfDay(now);
    const [row] = await this.prisma.$queryRaw<{ newest: Date | null }[]>`
      SELECT max(day) AS newest FROM sla_reports_daily`;
    // Yesterday at least (it closed since the last run, and late events land in it), at most a week back.
    const earliest = today.getTime() - BACKFILL_DAYS_MAX * DAY_MS;
    const yesterday = today.getTime() - DAY_MS;
    const from = Math.min(yesterday, Math.max(earliest, row?.newest?.getTime() ?? yesterday));
    const days: Date[] = [];
    for (let at = from; at <= today.getTime(); at += DAY_MS) days.push(new Date(at));
    return days;
  }

  /** Computes and stores every tenant's report of one UTC day; returns how many rows were written. */
  async computeDay(day: Date): Promise<number> {
    return this.storeReports(await this.measureDay(day), day);
  }

  /** Every tenant's measures and tier targets for one UTC day (tenants created after the day are left out). */
  async measureDay(day: Date): Promise<DayRow[]> {
    const from = startOfDay(day);
    const to = new Date(from.getTime() + DAY_MS);
    return this.prisma.$queryRaw<DayRow[]>`
      WITH measured AS (
        SELECT tenant_id, ${MEASURES}, COALESCE(SUM(cost_micros), 0)::bigint AS "costMicros"
        FROM usage_events
        WHERE occurred_at >= ${from} AND occurred_at < ${to}
        GROUP BY tenant_id
      )
      SELECT t.id AS "tenantId", t.tier_id AS "tierId",
        COALESCE(m.requests, 0)::bigint AS requests, COALESCE(m."serverErrors", 0)::bigint AS "serverErrors",
        m."latencyP50Ms", m."latencyP95Ms", m."ttftP95Ms", COALESCE(m."costMicros", 0)::bigint AS "costMicros",
        s.availability_target_basis_points AS "availabilityTarget", s.latency_p95_target_ms AS "latencyTarget",
        s.ttft_p95_target_ms AS "ttftTarget", s.credit_percent AS "creditPercent"
      FROM tenants t
      JOIN sla_tiers s ON s.id = t.tier_id
      LEFT JOIN measured m ON m.tenant_id = t.id
      WHERE t.created_at < ${to}`;
  }

  /**
   * Upserts the day's reports. A tenant deleted since it was measured is skipped rather than failing the whole day on
   * the foreign key: the insert joins the tenants still there and key-share locks them until it is done.
   */
  async storeReports(rows: DayRow[], day: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const reports = JSON.stringify(rows.map((row) => toReport(row, startOfDay(day))));
    return this.prisma.$executeRaw`
      INSERT INTO sla_reports_daily AS r (tenant_id, day, tier_id, requests, errors, availability_basis_points,
        latency_p50_ms, latency_p95_ms, ttft_p95_ms, availability_breached, latency_breached, ttft_breached,
        credit_micros, computed_at)
      SELECT x.tenant_id, x.day, x.tier_id, x.requests, x.errors, x.availability_basis_points, x.latency_p50_ms,
        x.latency_p95_ms, x.ttft_p95_ms, x.availability_breached, x.latency_breached, x.ttft_breached, x.credit_micros,
        now()
      FROM jsonb_to_recordset(${reports}::jsonb) AS x(tenant_id text, day date, tier_id text, requests bigint,
        errors bigint, availability_basis_points integer, latency_p50_ms integer, latency_p95_ms integer,
        ttft_p95_ms integer, availability_breached boolean, latency_breached boolean, ttft_breached boolean,
        credit_micros bigint)
      JOIN tenants t ON t.id = x.tenant_id
      ORDER BY x.tenant_id
      FOR KEY SHARE OF t
      ON CONFLICT (tenant_id, day) DO UPDATE SET
        tier_id = EXCLUDED.tier_id, requests = EXCLUDED.requests, errors = EXCLUDED.errors,
        availability_basis_points = EXCLUDED.availability_basis_points, latency_p50_ms = EXCLUDED.latency_p50_ms,
        latency_p95_ms = EXCLUDED.latency_p95_ms, ttft_p95_ms = EXCLUDED.ttft_p95_ms, availability_breached = EXCLUDED.availability_breached,
        latency_breached = EXCLUDED.latency_breached, ttft_breached = EXCLUDED.ttft_breached,
        credit_micros = EXCLUDED.credit_micros, computed_at = now()`;
  }
}

function toReport(row: DayRow, day: Date) {
  const requests = Number(row.requests);
  const errors = Number(row.serverErrors);
  const availability = slaAvailabilityBasisPoints(requests, errors);
  const latency = roundMs(row.latencyP95Ms);
  const ttft = roundMs(row.ttftP95Ms);
  const availabilityBreached = availability < row.availabilityTarget;
  const latencyBreached = exceeds(latency, row.latencyTarget);
  const ttftBreached = exceeds(ttft, row.ttftTarget);
  const breached = availabilityBreached || latencyBreached || ttftBreached;
  return {
    tenant_id: row.tenantId,
    day: day.toISOString().slice(0, 10),
    tier_id: row.tierId,
    requests: row.requests.toString(),
    errors: row.serverErrors.toString(),
    availability_basis_points: availability,
    latency_p50_ms: roundMs(row.latencyP50Ms),
    latency_p95_ms: latency,
    ttft_p95_ms: ttft,
    availability_breached: availabilityBreached,
    latency_breached: latencyBreached,
    ttft_breached: ttftBreached,
    credit_micros: slaDailyCreditMicros(breached, BigInt(row.costMicros), row.creditPercent).toString(),
  };
}

function startOfDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

function roundMs(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

function exceeds(measured: number | null, target: number | null): boolean {
  return measured !== null && target !== null && measured > target;
}
