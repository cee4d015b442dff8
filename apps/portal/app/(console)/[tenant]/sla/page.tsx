import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { serviceCreditsContract, slaContract, type SlaResponse } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { StatusBadge } from '@/components/ui/status-badge';
import { canSeeBilling, formatBasisPoints, formatPeriod } from '@/lib/billing-format';
import { callControlPlane } from '@/lib/control-plane';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { getTenant, requireSession } from '@/lib/session';
import { adjacentMonths, daysFromFirstTraffic, toSlaChartPoints } from '@/lib/sla-display';
import { formatInteger, formatLatency } from '@/lib/usage-format';
import { CreditsList } from './_components/credits-list';
import { DaysTable } from './_components/days-table';
import { SlaCharts } from './_components/sla-charts';
import styles from './_components/sla.module.css';

export const metadata: Metadata = { title: 'SLA' };

/** The tier's targets against what was measured, for the month and per day, with breaches and credits. */
export default async function SlaPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const month = firstParam(await searchParams, 'month');
  const user = await requireSession(`/${slug}/sla${month ? `?month=${encodeURIComponent(month)}` : ''}`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();

  const [result, credits] = await Promise.all([
    callControlPlane(slaContract.get, { params: { tenantSlug: slug }, query: { month } }),
    // Credit amounts are money: only the roles that see billing get them (the API agrees).
    canSeeBilling(tenant.role, user.isPlatformAdmin)
      ? callControlPlane(serviceCreditsContract.list, { params: { tenantSlug: slug }, query: { month } })
      : null,
  ]);
  if (!result.ok) {
    return (
      <>
        <PageHeader title="SLA" />
        <ApiFailureAlert title="Could not load the SLA" failure={result.failure} />
        {month ? (
          <p className={styles.back}>
            <ButtonLink href={`/${slug}/sla`} variant="secondary" size="sm">
              Back to this month
            </ButtonLink>
          </p>
        ) : null}
      </>
    );
  }
  const sla = result.data;
  const currentMonth = new Date().toISOString().slice(0, 7);
  const { previous, next } = adjacentMonths(sla.month, currentMonth);
  const points = toSlaChartPoints(sla.days);
  const hasTraffic = sla.total.requests > 0;

  return (
    <>
      <PageHeader
        title="SLA"
        description={`${sla.targets.tierName} tier · ${formatPeriod(sla.month)} (UTC)`}
        actions={
          <nav aria-label="Months" className={styles.monthNav}>
            <ButtonLink href={`/${slug}/sla?month=${previous}`} variant="secondary" size="sm">
              ← {formatPeriod(previous)}
            </ButtonLink>
            {next ? (
              <ButtonLink href={`/${slug}/sla?month=${next}`} variant="secondary" size="sm">
                {formatPeriod(next)} →
              </ButtonLink>
            ) : null}
          </nav>
        }
      />
      <Summary sla={sla} />
      <Card
        id="sla-charts"
        title="Day by day"
        description="Dashed lines are your tier’s targets. Days without requests are left empty."
      >
        {hasTraffic ? (
          <SlaCharts
            points={points}
            availabilityTargetPercent={sla.targets.availabilityBasisPoints / 100}
            latencyTargetMs={sla.targets.latencyP95Ms}
            ttftTargetMs={sla.targets.ttftP95Ms}
          />
        ) : (
          <EmptyState title={`No requests in ${formatPeriod(sla.month)} yet`} placement="in-card">
            Availability and latency are measured from your gateway traffic.
          </EmptyState>
        )}
      </Card>
      <div className={styles.stack}>
        <Card
          id="sla-days"
          title="Daily measurements"
          description="From the month’s first request on; breached days are highlighted."
        >
          {hasTraffic ? (
            <DaysTable days={daysFromFirstTraffic(sla.days)} />
          ) : (
            <p className={styles.subtle}>
              Each day of the month appears here once the workspace has traffic.
            </p>
          )}
        </Card>
        <Card id="sla-credits" title="Service credits" description="What a missed target earns you.">
          {credits && !credits.ok ? (
            <ApiFailureAlert title="Could not load the credits" failure={credits.failure} />
          ) : (
            <CreditsList
              days={sla.days}
              creditPercent={sla.targets.creditPercent}
              credits={credits ? credits.data : null}
            />
          )}
        </Card>
      </div>
    </>
  );
}

/** The month against each target, as four figures. */
function Summary({ sla }: { sla: SlaResponse }) {
  const { targets, total } = sla;
  const items = [
    {
      label: 'Availability',
      value: total.requests === 0 ? '—' : formatBasisPoints(total.availabilityBasisPoints),
      target: `Target ${formatBasisPoints(targets.availabilityBasisPoints)}`,
      breached: total.availabilityBreached,
    },
    {
      label: 'Latency p95',
      value: formatLatency(total.latencyP95Ms),
      target: `p50 ${formatLatency(total.latencyP50Ms)} · ${
        targets.latencyP95Ms === null
          ? 'No target on this tier'
          : `Target ${formatLatency(targets.latencyP95Ms)}`
      }`,
      breached: total.latencyBreached,
    },
    {
      label: 'Time to first token p95',
      value: formatLatency(total.ttftP95Ms),
      target:
        targets.ttftP95Ms === null ? 'No target on this tier' : `Target ${formatLatency(targets.ttftP95Ms)}`,
      breached: total.ttftBreached,
    },
    {
      label: 'Requests',
      value: formatInteger(total.requests),
      target: `${formatInteger(total.serverErrors)} server-side error${total.serverErrors === 1 ? '' : 's'}`,
      breached: false,
    },
  ];
  return (
    <div className={styles.summary}>
      {items.map((item) => (
        <div
          key={item.label}
          className={`${styles.figure} ${item.breached ? styles.breachedFigure : ''}`}
          data-testid={`sla-${item.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}
        >
          <div className={styles.figureHead}>
            <span className={styles.figureLabel}>{item.label}</span>
            {item.breached ? <StatusBadge tone="danger">Breached</StatusBadge> : null}
          </div>
          <p className={styles.figureValue}>{item.value}</p>
          <p className={styles.subtle}>{item.target}</p>
        </div>
      ))}
    </div>
  );
}
