'use client';

import type { ChartSeries } from '@/lib/usage-chart';
import { formatBucket, formatTooltipValue, type ChartValueFormat } from './chart-format';
import styles from './charts.module.css';

type TooltipEntry = { dataKey?: unknown; value?: unknown };

type ChartTooltipProps = {
  series: ChartSeries[];
  granularity: 'hour' | 'day';
  /** One format for every series (then a total is shown), or one per series id (mixed units: no total). */
  format: ChartValueFormat | Readonly<Record<string, ChartValueFormat>>;
  // Filled in by recharts.
  active?: boolean;
  label?: unknown;
  payload?: readonly TooltipEntry[];
};

/** The bucket's time, each non-zero series with its colour, and the bucket's total. */
export function ChartTooltip({ series, granularity, format, active, label, payload }: ChartTooltipProps) {
  if (!active || !payload || typeof label !== 'string') return null;
  const values = new Map(payload.map((entry) => [String(entry.dataKey), Number(entry.value ?? 0)]));
  const shown = series.filter((item) => (values.get(item.id) ?? 0) > 0);
  const total = shown.reduce((sum, item) => sum + (values.get(item.id) ?? 0), 0);
  const formatOf = (id: string) => (typeof format === 'string' ? format : (format[id] ?? 'count'));
  return (
    <div className={styles.tooltip}>
      <p className={styles.tooltipTitle}>{formatBucket(label, granularity)} UTC</p>
      {shown.length === 0 ? <p className={styles.tooltipEmpty}>No usage</p> : null}
      {shown.map((item) => (
        <p key={item.id} className={styles.tooltipRow}>
          <span className={styles.swatch} style={{ background: item.color }} aria-hidden="true" />
          <span className={styles.tooltipLabel}>{item.label}</span>
          <span className={styles.tooltipValue}>
            {formatTooltipValue(values.get(item.id) ?? 0, formatOf(item.id))}
          </span>
        </p>
      ))}
      {shown.length > 1 && typeof format === 'string' ? (
        <p className={`${styles.tooltipRow} ${styles.tooltipTotal}`}>
          <span className={styles.tooltipLabel}>Total</span>
          <span className={styles.tooltipValue}>{formatTooltipValue(total, format)}</span>
        </p>
      ) : null}
    </div>
  );
}
