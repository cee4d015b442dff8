'use client';

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartRow, ChartSeries } from '@/lib/usage-chart';
import { ChartTooltip } from './chart-tooltip';
import { formatAxisValue, formatBucketTick, type ChartValueFormat } from './chart-format';
import styles from './charts.module.css';

type StackedBarChartProps = {
  rows: ChartRow[];
  series: ChartSeries[];
  granularity: 'hour' | 'day';
  format: ChartValueFormat;
  /** Names the chart for screen readers, e.g. "Requests per day by model". */
  label: string;
  height?: number;
};

/** One bar per bucket, stacked by series (largest first at the bottom), with a tooltip per bucket. */
export function StackedBarChart({
  rows,
  series,
  granularity,
  format,
  label,
  height = 220,
}: StackedBarChartProps) {
  return (
    <div className={styles.chart} style={{ height }} role="img" aria-label={label} data-testid="usage-chart">
      <BarChart
        responsive
        style={{ width: '100%', height: '100%' }}
        data={rows}
        margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
        barCategoryGap={rows.length > 60 ? 1 : '20%'}
      >
        <CartesianGrid vertical={false} stroke="var(--color-border)" strokeDasharray="3 3" />
        <XAxis
          dataKey="bucketStart"
          tickFormatter={(value: string) => formatBucketTick(value, granularity)}
          tickLine={false}
          axisLine={{ stroke: 'var(--color-border)' }}
          tick={{ fontSize: 11, fill: 'var(--color-text-subtle)' }}
          minTickGap={16}
        />
        <YAxis
          tickFormatter={(value: number) => formatAxisValue(value, format)}
          tickLine={false}
          axisLine={false}
          tick={{ fontSize: 11, fill: 'var(--color-text-subtle)' }}
          width={format === 'usd' ? 68 : 52}
          allowDecimals={format === 'usd'}
        />
        <Tooltip
          cursor={{ fill: 'var(--color-surface-hover)' }}
          content={<ChartTooltip series={series} granularity={granularity} format={format} />}
        />
        {series.map((item, index) => (
          <Bar
            key={item.id}
            dataKey={item.id}
            name={item.label}
            stackId="usage"
            fill={item.color}
            isAnimationActive={false}
            radius={index === series.length - 1 ? [2, 2, 0, 0] : 0}
          />
        ))}
      </BarChart>
    </div>
  );
}
