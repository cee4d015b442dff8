import type { Metadata } from 'next';
import Link from 'next/link';
import { adminUsageContract, type AdminUsageResponse } from '@llmguard/shared';
import { RequestsCostChart } from '@/components/charts/requests-cost-chart';
import { PageHeader } from '@/components/console/page-header';
import { Alert } from '@/components/ui/alert';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Button } from '@/components/ui/button';
import { MetricCard } from '@/components/ui/metric-card';
import { SegmentedLinks } from '@/components/ui/segmented-links';
import { TextField } from '@/components/ui/text-field';
import { USAGE_PRESETS, usageRangeFromParams, type UsageRange } from '@/lib/admin-usage-range';
import { callControlPlane } from '@/lib/control-plane';
import { formatDate } from '@/lib/format';
import { type SearchParams } from '@/lib/search-params';
import {
  formatCompact,
  formatErrorRate,
  formatInteger,
  formatLatency,
  formatUsd,
  microsToUsdNumber,
} from '@/lib/usage-format';
import { TenantStatusBadge } from '../tenants/_components/tenant-status-badge';
import styles from './_components/usage.module.css';

export const metadata: Metadata = { title: 'Platform usage' };

const TOP_TENANTS = 25;

/** Usage of every tenant over a range (URL search params): totals, a chart and the costliest tenants. */
export default async function AdminUsagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const range = usageRangeFromParams(await searchParams, new Date());
  const result = await callControlPlane(adminUsageContract.get, {
    query: { from: range.from, to: range.to, granularity: range.granularity, limit: String(TOP_TENANTS) },
  });
  return (
    <>
      <PageHeader
        title="Platform usage"
        description="Requests, tokens and cost of every tenant, from the hourly rollups (UTC)."
      />
      <RangePicker range={range} />
      {range.problem ? (
        <Alert title="That range could not be used">
          <p>{range.problem} Showing the last 7 days instead.</p>
        </Alert>
      ) : null}
      {result.ok ? (
        <UsageReport usage={result.data} range={range} />
      ) : (
        <ApiFailureAlert title="Could not load the platform usage" failure={result.failure} />
      )}
    </>
  );
}

function RangePicker({ range }: { range: UsageRange }) {
  return (
    <div className={styles.toolbar}>
      <SegmentedLinks
        label="Range"
        current={range.preset}
        links={USAGE_PRESETS.map((preset) => ({
          id: preset.value,
          label: preset.label.replace('Last ', ''),
          href: `/admin/usage?range=${preset.value}`,
        }))}
      />
      <form method="get" action="/admin/usage" className={styles.customRange} aria-label="Custom range">
        <TextField name="from" label="From" type="date" defaultValue={range.fromDay} required />
        <TextField name="to" label="To" type="date" defaultValue={range.toDay} required />
        <Button type="submit" variant="secondary" className={styles.apply}>
          Apply
        </Button>
      </form>
    </div>
  );
}

function UsageReport({ usage, range }: { usage: AdminUsageResponse; range: UsageRange }) {
  const { totals } = usage;
  const period = `${formatDate(range.from)} – ${formatDate(new Date(Date.parse(range.to) - 1).toISOString())}`;
  const tokens = BigInt(totals.inputTokens) + BigInt(totals.outputTokens);
  return (
    <>
      <div className={styles.metrics}>
        <MetricCard
          label="Requests"
          value={formatCompact(totals.requests)}
          title={formatInteger(totals.requests)}
          detail={period}
        />
        <MetricCard
          label="Tokens"
          value={formatCompact(tokens)}
          title={formatInteger(tokens)}
          detail={`${formatCompact(totals.inputTokens)} in · ${formatCompact(totals.outputTokens)} out`}
        />
        <MetricCard label="Cost" value={formatUsd(totals.costMicros)} detail="At the prices billed" />
        <MetricCard
          label="Error rate"
          value={formatErrorRate(totals.errors, totals.requests)}
          detail={`Mean latency ${formatLatency(totals.latencyMsMean)}`}
        />
        <MetricCard
          label="Active tenants"
          value={formatInteger(usage.activeTenants)}
          detail="With at least one request"
        />
      </div>

      <section aria-labelledby="chart-title" className={styles.card}>
        <div className={styles.cardHeader}>
          <h2 id="chart-title" className={styles.cardTitle}>
            Requests and cost per {usage.granularity}
          </h2>
          <p className={styles.legend}>
            <span className={styles.swatchRequests} aria-hidden="true" /> Requests
            <span className={styles.swatchCost} aria-hidden="true" /> Cost
          </p>
        </div>
        <RequestsCostChart
          points={usage.points.map((point) => ({
            bucketStart: point.bucketStart,
            requests: point.requests,
            costUsd: microsToUsdNumber(point.costMicros),
          }))}
          granularity={usage.granularity}
          label={`Platform requests and cost per ${usage.granularity}, ${period}`}
        />
      </section>

      <section aria-labelledby="tenants-title" className={styles.section}>
        <h2 id="tenants-title" className={styles.sectionTitle}>
          Top tenants by cost
        </h2>
        {usage.topTenants.length === 0 ? (
          <div className={styles.empty}>
            <p className={styles.emptyTitle}>No usage in this range</p>
            <p className={styles.emptyText}>
              Once tenants call the gateway, the billing worker rolls their usage up here within seconds.
            </p>
          </div>
        ) : (
          <div className={styles.tableFrame}>
            <table className={styles.table}>
              <caption className={styles.srOnly}>Tenants with usage in the range, costliest first</caption>
              <thead>
                <tr>
                  <th scope="col">Tenant</th>
                  <th scope="col" className={styles.numeric}>
                    Requests
                  </th>
                  <th scope="col" className={`${styles.numeric} ${styles.wideOnly}`}>
                    Input tokens
                  </th>
                  <th scope="col" className={`${styles.numeric} ${styles.wideOnly}`}>
                    Output tokens
                  </th>
                  <th scope="col" className={`${styles.numeric} ${styles.wideOnly}`}>
                    Errors
                  </th>
                  <th scope="col" className={styles.numeric}>
                    Cost
                  </th>
                </tr>
              </thead>
              <tbody>
                {usage.topTenants.map((tenant) => (
                  <tr key={tenant.tenantId}>
                    <td>
                      <Link href={`/admin/tenants/${tenant.tenantId}`} className={styles.tenantLink}>
                        {tenant.name}
                      </Link>
                      <span className={styles.tenantMeta}>
                        <span className={styles.slug}>{tenant.slug}</span>
                        {tenant.status !== 'active' ? <TenantStatusBadge status={tenant.status} /> : null}
                      </span>
                    </td>
                    <td className={styles.numeric}>{formatInteger(tenant.requests)}</td>
                    <td
                      className={`${styles.numeric} ${styles.wideOnly}`}
                      title={formatInteger(tenant.inputTokens)}
                    >
                      {formatCompact(tenant.inputTokens)}
                    </td>
                    <td
                      className={`${styles.numeric} ${styles.wideOnly}`}
                      title={formatInteger(tenant.outputTokens)}
                    >
                      {formatCompact(tenant.outputTokens)}
                    </td>
                    <td className={`${styles.numeric} ${styles.wideOnly}`}>
                      {formatErrorRate(tenant.errors, tenant.requests)}
                    </td>
                    <td className={styles.numeric}>{formatUsd(tenant.costMicros)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
