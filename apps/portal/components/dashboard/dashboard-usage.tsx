import { usageContract, type UsageSeriesResponse, type UsageSummaryResponse } from '@llmguard/shared';
import { RequestsCostChart, type RequestsCostPoint } from '@/components/charts/requests-cost-chart';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { MetricCard, MetricCardSkeleton } from '@/components/ui/metric-card';
import { SegmentedTabs } from '@/components/ui/segmented-tabs';
import { callControlPlane } from '@/lib/control-plane';
import { dashboardRanges } from '@/lib/usage-range';
import {
  formatCompact,
  formatErrorRate,
  formatInteger,
  formatLatency,
  formatUsd,
  microsToUsdNumber,
} from '@/lib/usage-format';
import styles from './dashboard-usage.module.css';

/**
 * Today's and this month's figures and a chart of requests and cost, or, before the first request,
 * a pointer to the first call. Loaded apart from the rest of the dashboard (see DashboardUsageSkeleton).
 */
export async function DashboardUsage({
  tenantSlug,
  canCreateKeys,
}: {
  tenantSlug: string;
  canCreateKeys: boolean;
}) {
  const ranges = dashboardRanges(new Date());
  const params = { tenantSlug };
  const [today, month, hourly, daily] = await Promise.all([
    callControlPlane(usageContract.summary, { params, query: ranges.today }),
    callControlPlane(usageContract.summary, { params, query: ranges.month }),
    callControlPlane(usageContract.series, { params, query: { ...ranges.last24Hours, granularity: 'hour' } }),
    callControlPlane(usageContract.series, { params, query: { ...ranges.month, granularity: 'day' } }),
  ]);
  const failed = [today, month, hourly, daily].find((result) => !result.ok);
  if (failed && !failed.ok) {
    return (
      <div className={styles.section}>
        <Alert title="Could not load usage">
          <p>{failed.failure.message}</p>
          {failed.failure.requestId ? (
            <p className={styles.requestId}>Request ID: {failed.failure.requestId}</p>
          ) : null}
        </Alert>
      </div>
    );
  }
  if (!today.ok || !month.ok || !hourly.ok || !daily.ok) return null;

  if (
    month.data.totals.requests === 0 &&
    hourly.data.series[0]?.points.every((point) => point.requests === 0)
  ) {
    return <NoUsageYet tenantSlug={tenantSlug} canCreateKeys={canCreateKeys} />;
  }

  return (
    <div className={styles.section}>
      <Figures today={today.data} month={month.data} />
      <Card
        title="Requests and cost"
        description="Bars: requests. Line: cost in USD. Times in UTC."
        action={
          <ButtonLink href={`/${tenantSlug}/usage`} variant="ghost" size="sm">
            Open usage
          </ButtonLink>
        }
      >
        <SegmentedTabs
          label="Period"
          tabs={[
            {
              id: '24h',
              label: 'Last 24 hours',
              content: (
                <RequestsCostChart
                  points={chartPoints(hourly.data)}
                  granularity="hour"
                  label="Requests and cost per hour over the last 24 hours"
                />
              ),
            },
            {
              id: 'month',
              label: 'This month',
              content: (
                <RequestsCostChart
                  points={chartPoints(daily.data)}
                  granularity="day"
                  label="Requests and cost per day this month"
                />
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

function Figures({ today, month }: { today: UsageSummaryResponse; month: UsageSummaryResponse }) {
  const tokens = (summary: UsageSummaryResponse) =>
    BigInt(summary.totals.inputTokens) + BigInt(summary.totals.outputTokens);
  return (
    <div className={styles.figures} aria-label="Today (UTC)" role="group">
      <MetricCard
        label="Requests today"
        value={formatInteger(today.totals.requests)}
        detail={`This month: ${formatInteger(month.totals.requests)}`}
      />
      <MetricCard
        label="Tokens today"
        value={formatCompact(tokens(today))}
        title={`${formatInteger(tokens(today))} tokens`}
        detail={`This month: ${formatCompact(tokens(month))}`}
      />
      <MetricCard
        label="Cost today"
        value={formatUsd(today.totals.costMicros)}
        detail={`This month: ${formatUsd(month.totals.costMicros)}`}
      />
      <MetricCard
        label="Error rate today"
        value={formatErrorRate(today.totals.errors, today.totals.requests)}
        detail={`This month: ${formatErrorRate(month.totals.errors, month.totals.requests)}`}
      />
      <MetricCard
        label="p95 latency today"
        value={formatLatency(today.latencyMsP95)}
        title="95th percentile of non-streamed requests, end to end"
        detail={`This month: ${formatLatency(month.latencyMsP95)}`}
      />
    </div>
  );
}

function NoUsageYet({ tenantSlug, canCreateKeys }: { tenantSlug: string; canCreateKeys: boolean }) {
  return (
    <div className={styles.section}>
      <div className={styles.empty} data-testid="dashboard-empty">
        <div className={styles.emptyIcon} aria-hidden="true">
          <svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.6">
            <path d="M4 19V9M10 19V5M16 19v-7M22 19H2" strokeLinecap="round" />
          </svg>
        </div>
        <div>
          <h2 className={styles.emptyTitle}>No requests yet</h2>
          <p className={styles.emptyText}>
            Requests, tokens, cost, error rate and latency appear here a few seconds after your apps call the
            gateway. Create a key, then make your first call with the snippet below.
          </p>
          <div className={styles.emptyActions}>
            {canCreateKeys ? (
              <ButtonLink href={`/${tenantSlug}/keys`} size="sm">
                Create a key
              </ButtonLink>
            ) : null}
            <ButtonLink href="#first-call" variant="secondary" size="sm">
              See the first call
            </ButtonLink>
          </div>
        </div>
      </div>
    </div>
  );
}

function chartPoints(response: UsageSeriesResponse): RequestsCostPoint[] {
  return (response.series[0]?.points ?? []).map((point) => ({
    bucketStart: point.bucketStart,
    requests: point.requests,
    costUsd: microsToUsdNumber(point.costMicros),
  }));
}

/** The figures and chart while they load. */
export function DashboardUsageSkeleton() {
  return (
    <div className={styles.section} aria-busy="true" aria-label="Loading usage">
      <div className={styles.figures}>
        {Array.from({ length: 5 }, (_, index) => (
          <MetricCardSkeleton key={index} />
        ))}
      </div>
      <div className={styles.chartSkeleton} />
    </div>
  );
}
