'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { availabilityAxisMin, type SlaChartPoint } from '@/lib/sla-display';
import { formatLatency } from '@/lib/usage-format';
import styles from './sla.module.css';

const DAY_TICK = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayTick = (day: string) => DAY_TICK.format(new Date(`${day}T00:00:00Z`));

const AVAILABILITY_COLOR = '#4f46e5';
const LATENCY_COLOR = '#0891b2';
const LATENCY_MEDIAN_COLOR = '#67e8f9';
const TTFT_COLOR = '#f59e0b';
const TARGET_COLOR = '#ef4444';

const axisTick = { fontSize: 11, fill: 'var(--color-text-subtle)' };

/** Daily availability against the target, and the daily latency (p50, p95) and p95 TTFT against theirs. */
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
  const targets = [
    latencyTargetMs === null ? null : `latency ${formatLatency(latencyTargetMs)}`,
    ttftTargetMs === null ? null : `TTFT ${formatLatency(ttftTargetMs)}`,
  ].filter((target) => target !== null);
  return (
    <div className={styles.charts}>
      <DailyChart
        title="Availability per day"
        label="Daily availability against the target"
        points={points}
        yAxis={{
          domain: [availabilityAxisMin(points, availabilityTargetPercent), 100],
          unit: '%',
          width: 52,
        }}
        lines={[{ key: 'availabilityPercent', name: 'Availability', color: AVAILABILITY_COLOR }]}
        targets={[{ value: availabilityTargetPercent, color: TARGET_COLOR, extendDomain: true }]}
        legend={[
          [AVAILABILITY_COLOR, 'Measured'],
          [TARGET_COLOR, `Target ${availabilityTargetPercent.toFixed(2)}%`],
        ]}
      />
      <DailyChart
        title="Latency and time to first token per day"
        label="Daily latency p50 and p95 and time to first token p95 against the targets"
        points={points}
        yAxis={{ unit: ' ms', width: 60 }}
        lines={[
          { key: 'latencyP50Ms', name: 'Latency p50', color: LATENCY_MEDIAN_COLOR },
          { key: 'latencyP95Ms', name: 'Latency p95', color: LATENCY_COLOR },
          { key: 'ttftP95Ms', name: 'TTFT p95', color: TTFT_COLOR },
        ]}
        targets={[
          ...(latencyTargetMs !== null ? [{ value: latencyTargetMs, color: LATENCY_COLOR }] : []),
          ...(ttftTargetMs !== null ? [{ value: ttftTargetMs, color: TTFT_COLOR }] : []),
        ]}
        legend={[
          [LATENCY_MEDIAN_COLOR, 'Latency p50 (non-streamed)'],
          [LATENCY_COLOR, 'Latency p95 (non-streamed)'],
          [TTFT_COLOR, 'TTFT p95 (streamed)'],
          ...(targets.length > 0
            ? ([['dashed', `Targets: ${targets.join(', ')} (dashed when in range)`]] as [string, string][])
            : []),
        ]}
      />
    </div>
  );
}

type ChartLine = {
  key: 'availabilityPercent' | 'latencyP50Ms' | 'latencyP95Ms' | 'ttftP95Ms';
  name: string;
  color: string;
};

type TargetLine = { value: number; color: string; extendDomain?: boolean };

/**
 * One figure: a line per measure over the days (a day without a value breaks the line), dashed target lines, a
 * tooltip and a legend.
 */
function DailyChart({
  title,
  label,
  points,
  yAxis,
  lines,
  targets,
  legend,
}: {
  title: string;
  /** What the chart shows, for assistive technology. */
  label: string;
  points: SlaChartPoint[];
  yAxis: { unit: '%' | ' ms'; width: number; domain?: [number, number] };
  lines: ChartLine[];
  targets: TargetLine[];
  legend: [string, string][];
}) {
  return (
    <figure className={styles.figure}>
      <figcaption className={styles.figureTitle}>{title}</figcaption>
      <div className={styles.chart} role="img" aria-label={label}>
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
            domain={yAxis.domain}
            tickFormatter={(value: number) => `${value}${yAxis.unit}`}
            tickLine={false}
            axisLine={false}
            tick={axisTick}
            width={yAxis.width}
            allowDataOverflow={yAxis.domain !== undefined}
          />
          <Tooltip content={<SlaTooltip unit={yAxis.unit} />} />
          {targets.map((target) => (
            <ReferenceLine
              key={`${target.color}-${target.value}`}
              y={target.value}
              stroke={target.color}
              strokeDasharray="4 4"
              ifOverflow={target.extendDomain ? 'extendDomain' : 'hidden'}
            />
          ))}
          {lines.map((line) => (
            <Line
              key={line.key}
              dataKey={line.key}
              name={line.name}
              stroke={line.color}
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </div>
      <Legend items={legend} />
    </figure>
  );
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
