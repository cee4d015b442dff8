import { usageContract, type UsageSummaryResponse } from '@llmguard/shared';
import { ChartLegend } from '@/components/charts/chart-legend';
import { StackedBarChart } from '@/components/charts/stacked-bar-chart';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { MetricCard, MetricCardSkeleton } from '@/components/ui/metric-card';
import { SegmentedTabs } from '@/components/ui/segmented-tabs';
import { callControlPlane } from '@/lib/control-plane';
import { chartRows, labelSeries, seriesTotals } from '@/lib/usage-chart';
import { formatCompact, formatErrorRate, formatInteger, formatLatency, formatUsd } from '@/lib/usage-format';
import { USAGE_SPLIT_LABELS, usageSeriesQuery, type UsageView } from '@/lib/usage-range';
import { CacheSavingsCard } from './cache-savings-card';
import { UsageTable } from './usage-table';
import styles from './usage.module.css';

const SPLIT_NOUN: Readonly<Record<'model' | 'key', string>> = { model: 'model', key: 'API key' };
const PER: Readonly<Record<'hour' | 'day', string>> = { hour: 'per hour', day: 'per day' };

/** The view's totals, charts and table, from one series and one summary call. */
export async function UsageData({ tenantSlug, view }: { tenantSlug: string; view: UsageView }) {
  const params = { tenantSlug };
  const [series, summary] = await Promise.all([
    callControlPlane(usageContract.series, { params, query: usageSeriesQuery(view) }),
    callControlPlane(usageContract.summary, { params, query: { from: view.from, to: view.to } }),
  ]);
  if (!series.ok) return <ApiFailureAlert title="Could not load usage" failure={series.failure} />;
  if (!summary.ok) return <ApiFailureAlert title="Could not load usage" failure={summary.failure} />;

  const labelled = labelSeries(series.data);
  const chartSeries = labelled.map(({ id, label, color }) => ({ id, label, color }));
  const split = view.split === 'none' ? '' : ` by ${SPLIT_NOUN[view.split]}`;
  const per = PER[view.granularity];
  const chart = (metric: Parameters<typeof chartRows>[1], format: 'count' | 'usd', label: string) => (
    <StackedBarChart
      rows={chartRows(labelled, metric)}
      series={chartSeries}
      granularity={view.granularity}
      format={format}
      label={`${label} ${per}${split}`}
    />
  );

  return (
    <div className={styles.data}>
      <Totals summary={summary.data} />
      {summary.data.totals.requests === 0 ? (
        <EmptyState title="No usage in this range" testId="usage-empty">
          Requests show up here a few seconds after they reach the gateway. Pick a longer range, or make a
          call with one of your keys (see the dashboard for a snippet).
        </EmptyState>
      ) : (
        <>
          <div className={styles.charts}>
            <Card title="Requests" description={`${per}${split}, UTC`}>
              {chart('requests', 'count', 'Requests')}
              <ChartLegend series={chartSeries} />
            </Card>
            <Card title="Cost" description={`USD ${per}${split}`}>
              {chart('costUsd', 'usd', 'Cost in USD')}
              <ChartLegend series={chartSeries} />
            </Card>
          </div>
          <Card title="Tokens" description={`${per}${split}; cached input is part of input`}>
            <SegmentedTabs
              label="Token kind"
              tabs={[
                { id: 'input', label: 'Input', content: chart('inputTokens', 'count', 'Input tokens') },
                { id: 'output', label: 'Output', content: chart('outputTokens', 'count', 'Output tokens') },
                {
                  id: 'cached',
                  label: 'Cached input',
                  content: chart('cachedInputTokens', 'count', 'Cached input tokens'),
                },
              ]}
            />
            <ChartLegend series={chartSeries} />
          </Card>
          <UsageTable
            rows={seriesTotals(labelled)}
            groupLabel={view.split === 'none' ? 'Series' : USAGE_SPLIT_LABELS[view.split]}
          />
        </>
      )}
    </div>
  );
}

function Totals({ summary }: { summary: UsageSummaryResponse }) {
  const { totals } = summary;
  return (
    <div className={styles.totals} role="group" aria-label="Totals of the range">
      <MetricCard label="Requests" value={formatInteger(totals.requests)} />
      <MetricCard
        label="Input tokens"
        value={formatCompact(totals.inputTokens)}
        title={`${formatInteger(totals.inputTokens)} tokens`}
        detail={`${formatCompact(totals.cachedInputTokens)} cached`}
      />
      <MetricCard
        label="Output tokens"
        value={formatCompact(totals.outputTokens)}
        title={`${formatInteger(totals.outputTokens)} tokens`}
      />
      <MetricCard label="Cost" value={formatUsd(totals.costMicros)} />
      <CacheSavingsCard totals={totals} />
      <MetricCard
        label="Error rate"
        value={formatErrorRate(totals.errors, totals.requests)}
        detail={`${formatInteger(totals.errors)} failed`}
      />
      <MetricCard
        label="p95 latency"
        value={formatLatency(summary.latencyMsP95)}
        title="95th percentile of non-streamed requests, end to end"
        detail={summary.ttftMsP95 === null ? 'non-streamed' : `TTFT p95 ${formatLatency(summary.ttftMsP95)}`}
      />
    </div>
  );
}

/** The totals, charts and table while they load. */
export function UsageDataSkeleton() {
  return (
    <div className={styles.data} aria-busy="true" aria-label="Loading usage">
      <div className={styles.totals}>
        {Array.from({ length: 7 }, (_, index) => (
          <MetricCardSkeleton key={index} />
        ))}
      </div>
      <div className={styles.charts}>
        <div className={styles.chartSkeleton} />
        <div className={styles.chartSkeleton} />
      </div>
    </div>
  );
}
