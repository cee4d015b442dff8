import { Injectable } from '@nestjs/common';
import type { SlaReportDaily, SlaTier, Tenant } from '@llmguard/db';
import { GatewayError, type SlaDay, type SlaResponse, type SlaTargets } from '@llmguard/shared';
import { dayOf, measure, NO_TRAFFIC, slaPeriod } from './sla-measure';
import { SlaRepository } from './sla.repository';

/**
 * A tenant's SLA for a month: its tier's targets against what was measured. Closed days (before today, UTC) come
 * from sla_reports_daily when the billing worker stored one; today and days without a report are measured live from
 * usage_events with the same definitions.
 */
@Injectable()
export class SlaService {
  constructor(private readonly sla: SlaRepository) {}

  async month(tenant: Tenant, month: string | undefined, now = new Date()): Promise<SlaResponse> {
    const period = slaPeriod(month ?? now.toISOString().slice(0, 7), now);
    const tier = await this.sla.tier(tenant.tierId);
    if (!tier) {
      throw new GatewayError('internal_error', {
        publicMessage: 'The SLA could not be read.',
        internalMessage: `tenant ${tenant.id}: tier ${tenant.tierId} missing`,
      });
    }
    const targets = toTargets(tier);
    const [reports, daily, whole] = await Promise.all([
      this.sla.reports(tenant.id, period.from, period.to),
      this.sla.dailyCounts(tenant.id, period.from, period.to),
      this.sla.periodCounts(tenant.id, period.from, period.to),
    ]);
    const today = dayOf(now);
    const reportByDay = new Map(reports.map((report) => [dayOf(report.day), report]));
    const liveByDay = new Map(daily.map((counts) => [dayOf(counts.day), counts]));
    const days = period.days.map((day): SlaDay => {
      const report = day < today ? reportByDay.get(day) : undefined;
      if (report) return fromReport(day, report);
      return { day, source: 'live', ...measure(liveByDay.get(day) ?? NO_TRAFFIC, targets) };
    });
    const total = measure(
      {
        requests: sum(days, (day) => day.requests),
        serverErrors: sum(days, (day) => day.serverErrors),
        latencyP50Ms: whole.latencyP50Ms,
        latencyP95Ms: whole.latencyP95Ms,
        ttftP95Ms: whole.ttftP95Ms,
      },
      targets,
    );
    return {
      month: period.month,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      targets,
      total: {
        ...total,
        breached: total.availabilityBreached || total.latencyBreached || total.ttftBreached,
      },
      days,
    };
  }
}

function toTargets(tier: SlaTier): SlaTargets {
  return {
    tierId: tier.id,
    tierName: tier.name,
    availabilityBasisPoints: tier.availabilityTargetBasisPoints,
    latencyP95Ms: tier.latencyP95TargetMs,
    ttftP95Ms: tier.ttftP95TargetMs,
    creditPercent: tier.creditPercent,
  };
}

/** A stored report as it was computed, flags included (against the targets in force that day). */
function fromReport(day: string, report: SlaReportDaily): SlaDay {
  return {
    day,
    source: 'report',
    requests: Number(report.requests),
    serverErrors: Number(report.errors),
    availabilityBasisPoints: report.availabilityBasisPoints,
    latencyP50Ms: report.latencyP50Ms,
    latencyP95Ms: report.latencyP95Ms,
    ttftP95Ms: report.ttftP95Ms,
    availabilityBreached: report.availabilityBreached,
    latencyBreached: report.latencyBreached,
    ttftBreached: report.ttftBreached,
  };
}

function sum(days: SlaDay[], value: (day: SlaDay) => number): number {
  return days.reduce((total, day) => total + value(day), 0);
}
