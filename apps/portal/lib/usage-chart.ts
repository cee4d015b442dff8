import type { UsageGroupBy, UsagePoint, UsageSeriesResponse } from '@llmguard/shared';
import { microsToUsdNumber } from './usage-format';

// The control plane's series answer, reshaped for the charts (one row per bucket, one column per
// series) and for the totals table (one exact row per series). Pure, so it is unit tested.

/** What a chart can stack. */
export type UsageMetric = 'requests' | 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'costUsd';

/** One series as charts and the table name it. `id` is a safe data key (`s0`, `s1`…). */
export type ChartSeries = { id: string; label: string; color: string };

/** One bucket: its start, then the metric value of each series under its id. */
export type ChartRow = { bucketStart: string } & Record<string, number | string>;

/** Exact totals of one series over the range; tokens and micros stay decimal strings. */
export type SeriesTotals = {
  id: string;
  label: string;
  /** The model alias or key id; null for the ungrouped series and for "other". */
  key: string | null;
  color: string;
  requests: number;
  errors: number;
  inputTokens: string;
  outputTokens: string;
  cachedInputTokens: string;
  costMicros: string;
};

// Distinct at a glance and on white, in order of cost (the largest series gets the accent).
const PALETTE = [
  '#4f46e5',
  '#0ea5e9',
  '#10b981',
  '#f59e0b',
  '#ef4444',
  '#8b5cf6',
  '#14b8a6',
  '#f97316',
  '#ec4899',
  '#84cc16',
];
const REST_COLOR = '#a1a1aa';

type LabelledSeries = ChartSeries & { key: string | null; points: UsagePoint[] };

const GROUP_NOUN: Readonly<Record<UsageGroupBy, string>> = { model: 'models', apiKey: 'keys' };

/** The series of an answer, labelled, coloured, and with "other" last when groups were summed. */
export function labelSeries(response: UsageSeriesResponse): LabelledSeries[] {
  const labelled: LabelledSeries[] = response.series.map((series, index) => ({
    id: `s${index}`,
    key: series.key,
    label: seriesLabel(series.key, series.name, response.groupBy),
    color: PALETTE[index % PALETTE.length] as string,
    points: series.points,
  }));
  if (response.rest && response.groupBy) {
    labelled.push({
      id: `s${labelled.length}`,
      key: null,
      label: `${response.rest.groups} other ${GROUP_NOUN[response.groupBy]}`,
      color: REST_COLOR,
      points: response.rest.points,
    });
  }
  return labelled;
}

function seriesLabel(key: string | null, name: string | null, groupBy: UsageGroupBy | null): string {
  if (key === null) return 'All requests';
  if (groupBy === 'apiKey') return name ?? `Deleted key (${key})`;
  return key;
}

/** Rows for a stacked chart of one metric: one per bucket, one column per series. */
export function chartRows(series: readonly LabelledSeries[], metric: UsageMetric): ChartRow[] {
  const buckets = series[0]?.points.map((point) => point.bucketStart) ?? [];
  return buckets.map((bucketStart, index) => {
    const row: ChartRow = { bucketStart };
    for (const item of series) {
      const point = item.points[index];
      row[item.id] = point ? metricValue(point, metric) : 0;
    }
    return row;
  });
}

function metricValue(point: UsagePoint, metric: UsageMetric): number {
  switch (metric) {
    case 'requests':
      return point.requests;
    case 'costUsd':
      return microsToUsdNumber(point.costMicros);
    default:
      return Number(point[metric]);
  }
}

/** Each series summed over the range, exactly; the table's rows, in the series' order. */
export function seriesTotals(series: readonly LabelledSeries[]): SeriesTotals[] {
  return series.map((item) => {
    const sum = (field: 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'costMicros') =>
      item.points.reduce((total, point) => total + BigInt(point[field]), 0n).toString();
    return {
      id: item.id,
      label: item.label,
      key: item.key,
      color: item.color,
      requests: item.points.reduce((total, point) => total + point.requests, 0),
      errors: item.points.reduce((total, point) => total + point.errors, 0),
      inputTokens: sum('inputTokens'),
      outputTokens: sum('outputTokens'),
      cachedInputTokens: sum('cachedInputTokens'),
      costMicros: sum('costMicros'),
    };
  });
}

/** The rows of the table summed into one "Total" row. */
export function grandTotal(
  rows: readonly SeriesTotals[],
): Omit<SeriesTotals, 'id' | 'key' | 'color' | 'label'> {
  const sum = (field: 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'costMicros') =>
    rows.reduce((total, row) => total + BigInt(row[field]), 0n).toString();
  return {
    requests: rows.reduce((total, row) => total + row.requests, 0),
    errors: rows.reduce((total, row) => total + row.errors, 0),
    inputTokens: sum('inputTokens'),
    outputTokens: sum('outputTokens'),
    cachedInputTokens: sum('cachedInputTokens'),
    costMicros: sum('costMicros'),
  };
}

/** Share of the total cost, in whole percent (BigInt-safe); 0 when nothing was spent. */
export function costShare(costMicros: string, totalMicros: string): number {
  const total = BigInt(totalMicros);
  if (total === 0n) return 0;
  return Number((BigInt(costMicros) * 1000n) / total) / 10;
}
