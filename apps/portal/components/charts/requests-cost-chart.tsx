'use client';

import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartSeries } from '@/lib/usage-chart';
import { ChartTooltip } from './chart-tooltip';
import { formatAxisValue, formatBucketTick } from './chart-format';
import styles from './charts.module.css';

/** One bucket of the dashboard chart: requests and cost in dollars (for heights only). */
export type RequestsCostPoint = { bucketStart: string; requests: number; costUsd: number };

const REQUESTS: ChartSeries = { id: 'requests', label: 'Requests', color: '#4f46e5' };
const COST: ChartSeries = { id: 'costUsd', label: 'Cost', color: '#f59e0b' };

/** Requests as bars (left axis) and cost as a line (right axis), per hour or day. */
export function RequestsCostChart({
  points,
  granularity,
  label,
  height = 240,
}: {
  points: RequestsCostPoint[];
  granularity: 'hour' | 'day';
  label: string;
  height?: number;
}) {
  return (
    <div
      className={styles.chart}
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid="dashboard-chart"
    >
      <ComposedChart
        responsive
        style={{ width: '100%', height: '100%' }}
        data={points}
        margin={{ top: 8, right: 0, bottom: 0, left: 0 }}
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
          yAxisId="requests"
          tickFormatter={(value: number) => formatAxisValue(value, 'count')}
          tickLine={false}
          axisLine={false}
          allowDecimals={false}
          tick={{ fontSize: 11, fill: 'var(--color-text-subtle)' }}
          width={44}
        />
        <YAxis
          yAxisId="cost"
          orientation="right"
          tickFormatter={(value: number) => formatAxisValue(value, 'usd')}
          tickLine={false}
          axisLine={false}
          tick={{ fontSize: 11, fill: 'var(--color-text-subtle)' }}
          width={68}
        />
        <Tooltip
          cursor={{ fill: 'var(--color-surface-hover)' }}
          content={
            <ChartTooltip
              series={[REQUESTS, COST]}
              granularity={granularity}
              format={{ requests: 'count', costUsd: 'usd' }}
            />
          }
        />
        <Bar
          yAxisId="requests"
          dataKey="requests"
          name="Requests"
          fill={REQUESTS.color}
          radius={[2, 2, 0, 0]}
          isAnimationActive={false}
        />
        <Line
          yAxisId="cost"
          dataKey="costUsd"
          name="Cost"
          type="monotone"
          stroke={COST.color}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </div>
  );
}
