'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { availabilityAxisMin, type SlaChartPoint } from '@/lib/sla-display';
import { formatLatency } from '@/lib/usage-format';
import styles from './sla.module.css';

const DAY_TICK = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayTick = (day: string) => DAY_TICK.format(new Date(`${day}T00:00:00Z`));

const AVAILABILITY_COLOR = '#4f46e5';
const LATENCY_COLOR = '#0891b2';
const TTFT_COLOR = '#f59e0b';
const TARGET_COLOR = '#ef4444';

const axisTick = { fontSize: 11, fill: 'var(--color-text-subtle)' };

/** Daily availability against the target, and the daily p95 latency and TTFT against theirs. */
export function SlaCharts({
  points,
  availabilityTargetPercent,
  latencyTargetMs,
  ttftTargetMs,
}: {
  points: SlaChartPoint[];
  availabilityTargetPercent: number;
  latencyTargetMs: number | null;
  ttftTargetMs: number | null;
}) {
  return (
    <div className={styles.charts}>
      <figure className={styles.figure}>
        <figcaption className={styles.figureTitle}>Availability per day</figcaption>
        <div className={styles.chart} role="img" aria-label="Daily availability against the target">
          <LineChart
            responsive
            style={{ width: '100%', height: '100%' }}
            data={points}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          >
            <CartesianGrid vertical={false} stroke="var(--color-border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="day"
              tickFormatter={dayTick}
              tickLine={false}
              axisLine={{ stroke: 'var(--color-border)' }}
              tick={axisTick}
              minTickGap={16}
            />
            <YAxis
              domain={[availabilityAxisMin(points, availabilityTargetPercent), 100]}
              tickFormatter={(value: number) => `${value}%`}
              tickLine={false}
              axisLine={false}
              tick={axisTick}
              width={52}
              allowDataOverflow
            />
            <Tooltip content={<SlaTooltip unit="%" />} />
            <ReferenceLine
              y={availabilityTargetPercent}
              stroke={TARGET_COLOR}
              strokeDasharray="4 4"
              ifOverflow="extendDomain"
            />
            <Line
              dataKey="availabilityPercent"
              name="Availability"
              stroke={AVAILABILITY_COLOR}
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </div>
        <Legend
          items={[
            [AVAILABILITY_COLOR, 'Measured'],
            [TARGET_COLOR, `Target ${availabilityTargetPercent.toFixed(2)}%`],
          ]}
        />
      </figure>
      <figure className={styles.figure}>
        <figcaption className={styles.figureTitle}>p95 latency and time to first token per day</figcaption>
        <div
          className={styles.chart}
          role="img"
          aria-label="Daily p95 latency and time to first token against the targets"
        >
          <LineChart
            responsive
            style={{ width: '100%', height: '100%' }}
            data={points}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          >
            <CartesianGrid vertical={false} stroke="var(--color-border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="day"
              tickFormatter={dayTick}
              tickLine={false}
              axisLine={{ stroke: 'var(--color-border)' }}
              tick={axisTick}
              minTickGap={16}
            />
            <YAxis
              tickFormatter={(value: number) => `${value} ms`}
              tickLine={false}
              axisLine={false}
              tick={axisTick}
              width={60}
            />
            <Tooltip content={<SlaTooltip unit=" ms" />} />
            {latencyTargetMs !== null ? (
              <ReferenceLine
                y={latencyTargetMs}
                stroke={LATENCY_COLOR}
                strokeDasharray="4 4"
                ifOverflow="hidden"
              />
            ) : null}
            {ttftTargetMs !== null ? (
              <ReferenceLine y={ttftTargetMs} stroke={TTFT_COLOR} strokeDasharray="4 4" ifOverflow="hidden" />
            ) : null}
            <Line
              dataKey="latencyP95Ms"
              name="Latency p95"
              stroke={LATENCY_COLOR}
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
            <Line
              dataKey="ttftP95Ms"
              name="TTFT p95"
              stroke={TTFT_COLOR}
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          </LineChart>
        </div>
        <Legend
          items={[
            [LATENCY_COLOR, 'Latency p95 (non-streamed)'],
            [TTFT_COLOR, 'TTFT p95 (streamed)'],
            ...(latencyTargetMs !== null || ttftTargetMs !== null
              ? ([
                  [
                    'dashed',
                    `Targets: ${targetsLabel(latencyTargetMs, ttftTargetMs)} (dashed when in range)`,
                  ],
                ] as [string, string][])
              : []),
          ]}
        />
      </figure>
    </div>
  );
}

function targetsLabel(latencyTargetMs: number | null, ttftTargetMs: number | null): string {
  return [
    latencyTargetMs === null ? null : `latency ${formatLatency(latencyTargetMs)}`,
    ttftTargetMs === null ? null : `TTFT ${formatLatency(ttftTargetMs)}`,
  ]
    .filter(Boolean)
    .join(', ');
}

function Legend({ items }: { items: [string, string][] }) {
  return (
    <ul className={styles.legend}>
      {items.map(([color, label]) => (
        <li key={label}>
          {color === 'dashed' ? (
            <span className={styles.dash} aria-hidden="true" />
          ) : (
            <span className={styles.swatch} style={{ background: color }} aria-hidden="true" />
          )}
          {label}
        </li>
      ))}
    </ul>
  );
}

type TooltipEntry = { name?: unknown; value?: unknown; color?: string };

function SlaTooltip({
  unit,
  active,
  label,
  payload,
}: {
  unit: string;
  active?: boolean;
  label?: unknown;
  payload?: readonly TooltipEntry[];
}) {
  if (!active || typeof label !== 'string') return null;
  const entries = (payload ?? []).filter((entry) => entry.value !== null && entry.value !== undefined);
  return (
    <div className={styles.tooltip}>
      <p className={styles.tooltipTitle}>{dayTick(label)} (UTC)</p>
      {entries.length === 0 ? <p className={styles.subtle}>No requests</p> : null}
      {entries.map((entry) => (
        <p key={String(entry.name)} className={styles.tooltipRow}>
          <span className={styles.swatch} style={{ background: entry.color }} aria-hidden="true" />
          <span>{String(entry.name)}</span>
          <span className={styles.tooltipValue}>
            {typeof entry.value === 'number'
              ? `${unit === '%' ? entry.value.toFixed(2) : entry.value}${unit}`
              : '—'}
          </span>
        </p>
      ))}
    </div>
  );
}
