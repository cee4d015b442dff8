import type { Metadata } from 'next';
import Link from 'next/link';
import { adminUsageContract, type AdminUsageResponse, type AdminUsageTenant } from '@llmguard/shared';
import { RequestsCostChart } from '@/components/charts/requests-cost-chart';
import { DateRangePicker } from '@/components/console/date-range-picker';
import { PageHeader } from '@/components/console/page-header';
import { Alert } from '@/components/ui/alert';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Button, ButtonLink } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { MetricCard } from '@/components/ui/metric-card';
import { TextField } from '@/components/ui/text-field';
import {
  adminUsageHref,
  tenantFilterFromParams,
  USAGE_PRESETS,
  usageRangeFromParams,
  type UsageRange,
} from '@/lib/admin-usage-range';
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

/**
 * Usage of every tenant over a range (URL search params): totals, a chart and the costliest tenants; with a tenant
 * filter (?tenant=), the same for the tenants whose slug or name holds the text.
 */
export default async function AdminUsagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const range = usageRangeFromParams(params, new Date());
  const tenant = tenantFilterFromParams(params);
  const result = await callControlPlane(adminUsageContract.get, {
    query: {
      from: range.from,
      to: range.to,
      granularity: range.granularity,
      limit: String(TOP_TENANTS),
      tenant,
    },
  });
  return (
    <>
      <PageHeader
        title="Platform usage"
        description="Requests, tokens and cost of every tenant, from the hourly rollups (UTC)."
      />
      <DateRangePicker
        action="/admin/usage"
        range={range}
        presets={USAGE_PRESETS.map((preset) => ({
          id: preset.value,
          label: preset.label.replace('Last ', ''),
          href: adminUsageHref(preset.value, tenant),
        }))}
        hidden={tenant ? { tenant } : {}}
      />
      <TenantFilter range={range} tenant={tenant} />
      {range.problem ? (
        <Alert title="That range could not be used">
          <p>{range.problem} Showing the last 7 days instead.</p>
        </Alert>
      ) : null}
      {result.ok ? (
        <UsageReport usage={result.data} range={range} tenant={tenant} />
      ) : (
        <ApiFailureAlert title="Could not load the platform usage" failure={result.failure} />
      )}
    </>
  );
}

/** Narrows the report to the tenants whose slug or name holds the text, keeping the range. */
function TenantFilter({ range, tenant }: { range: UsageRange; tenant: string | undefined }) {
  const rangeFields: Record<string, string> =
    range.preset === 'custom' ? { from: range.fromDay, to: range.toDay } : { range: range.preset };
  return (
    <form
      method="get"
      action="/admin/usage"
      role="search"
      aria-label="Tenant filter"
      className={styles.filter}
    >
      {Object.entries(rangeFields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className={styles.filterField}>
        <TextField
          name="tenant"
          label="Tenant"
          type="search"
          placeholder="Name or slug"
          defaultValue={tenant ?? ''}
          autoComplete="off"
        />
      </div>
      <Button type="submit" variant="secondary" className={styles.apply}>
        Filter
      </Button>
      {tenant ? (
        <ButtonLink href={adminUsageHref(range, undefined)} variant="ghost" className={styles.apply}>
          All tenants
        </ButtonLink>
      ) : null}
    </form>
  );
}

function UsageReport({
  usage,
  range,
  tenant,
}: {
  usage: AdminUsageResponse;
  range: UsageRange;
  tenant: string | undefined;
}) {
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
          detail={tenant ? 'Matching the filter' : 'With at least one request'}
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
          {tenant ? `Tenants matching “${tenant}”, by cost` : 'Top tenants by cost'}
        </h2>
        <DataTable
          caption="Tenants with usage in the range, costliest first"
          columns={TENANT_USAGE_COLUMNS}
          rows={usage.topTenants}
          rowKey={(row) => row.tenantId}
          empty={
            <EmptyState
              title={
                tenant ? `No usage of a tenant matching “${tenant}” in this range` : 'No usage in this range'
              }
            >
              {tenant
                ? 'Check the name or slug, or pick a longer range.'
                : 'Once tenants call the gateway, the billing worker rolls their usage up here within seconds.'}
            </EmptyState>
          }
        />
      </section>
    </>
  );
}

const TENANT_USAGE_COLUMNS: DataTableColumn<AdminUsageTenant>[] = [
  {
    id: 'tenant',
    header: 'Tenant',
    cell: (tenant) => (
      <>
        <Link href={`/admin/tenants/${tenant.tenantId}`} className={styles.tenantLink}>
          {tenant.name}
        </Link>
        <span className={styles.tenantMeta}>
          <span className={styles.slug}>{tenant.slug}</span>
          {tenant.status !== 'active' ? <TenantStatusBadge status={tenant.status} /> : null}
        </span>
      </>
    ),
  },
  { id: 'requests', header: 'Requests', align: 'end', cell: (tenant) => formatInteger(tenant.requests) },
  {
    id: 'input',
    header: 'Input tokens',
    align: 'end',
    hideOnPhone: true,
    cell: (tenant) => (
      <span title={formatInteger(tenant.inputTokens)}>{formatCompact(tenant.inputTokens)}</span>
    ),
  },
  {
    id: 'output',
    header: 'Output tokens',
    align: 'end',
    hideOnPhone: true,
    cell: (tenant) => (
      <span title={formatInteger(tenant.outputTokens)}>{formatCompact(tenant.outputTokens)}</span>
    ),
  },
  {
    id: 'errors',
    header: 'Errors',
    align: 'end',
    hideOnPhone: true,
    cell: (tenant) => formatErrorRate(tenant.errors, tenant.requests),
  },
  { id: 'cost', header: 'Cost', align: 'end', cell: (tenant) => formatUsd(tenant.costMicros) },
];
