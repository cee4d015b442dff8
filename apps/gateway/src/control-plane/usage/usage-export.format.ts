import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import {
  USAGE_EXPORT_COLUMNS,
  type UsageGroupBy,
  type UsagePoint,
  type UsageSeriesResponse,
} from '@llmguard/shared';

export const USAGE_EXPORT_CONTENT_TYPE = 'text/csv; charset=utf-8';

type UsageExportRecord = Record<(typeof USAGE_EXPORT_COLUMNS)[number], string | number | null>;

const GROUP_NOUN: Readonly<Record<UsageGroupBy, string>> = { model: 'models', apiKey: 'API keys' };

/**
 * The series as CSV: a header row, then one row per bucket and series, in bucket order and, within a bucket, in the
 * series' order (largest cost first, `other` last). A spreadsheet can pivot it back into the charts the portal draws.
 */
export function usageExportStream(response: UsageSeriesResponse): Readable {
  const csv = stringify({
    header: true,
    columns: [...USAGE_EXPORT_COLUMNS],
    // Key names are user-chosen: neutralise cells a spreadsheet would run as formulas.
    escape_formulas: true,
  });
  pipeline(Readable.from(usageExportRecords(response)), csv, () => undefined);
  return csv;
}

/** The rows of the export, without the header. */
export function* usageExportRecords(response: UsageSeriesResponse): Generator<UsageExportRecord> {
  const labelled = response.series.map((series) => ({
    series: series.key ?? 'all',
    seriesName: series.name,
    points: series.points,
  }));
  if (response.rest && response.groupBy) {
    labelled.push({
      series: 'other',
      seriesName: `${response.rest.groups} other ${GROUP_NOUN[response.groupBy]}`,
      points: response.rest.points,
    });
  }
  const buckets = labelled[0]?.points.length ?? 0;
  for (let index = 0; index < buckets; index += 1) {
    for (const { series, seriesName, points } of labelled) {
      const point = points[index];
      if (point) yield toRecord(series, seriesName, point);
    }
  }
}

function toRecord(series: string, seriesName: string | null, point: UsagePoint): UsageExportRecord {
  return {
    bucketStart: point.bucketStart,
    series,
    seriesName,
    requests: point.requests,
    errors: point.errors,
    cacheHits: point.cacheHits,
    inputTokens: point.inputTokens,
    outputTokens: point.outputTokens,
    cachedInputTokens: point.cachedInputTokens,
    costMicros: point.costMicros,
    costUsd: microsToUsd(point.costMicros),
    latencyMsMean: point.latencyMsMean,
  };
}

/** "1234567" micros → "1.234567", exactly (BigInt, so sums beyond 2^53 keep every digit). */
export function microsToUsd(micros: string): string {
  const value = BigInt(micros);
  const fraction = (value % 1_000_000n).toString().padStart(6, '0');
  return `${value / 1_000_000n}.${fraction}`;
}
