import { Injectable } from '@nestjs/common';
import {
  USAGE_SERIES_MAX,
  USAGE_TOP_MAX,
  type UsageGroupBy,
  type UsageGroupTotals,
  type UsageSeriesQuery,
  type UsageSeriesResponse,
  type UsageSummaryQuery,
  type UsageSummaryResponse,
} from '@llmguard/shared';
import { bucketStartOf, bucketStarts, fillBuckets, toUsageTotals, type UsageSums } from './usage-buckets';
import { UsageRepository, type BucketSums, type RollupScope } from './usage.repository';

/** Usage charts and summaries of one tenant, read from the hourly rollups. */
@Injectable()
export class UsageService {
  constructor(private readonly usage: UsageRepository) {}

  /**
   * A continuous series per group: the top USAGE_SERIES_MAX groups by cost get their own series and the others are
   * summed into `rest`, so one answer holds at most 21 series of at most 336 points.
   */
  async series(tenantId: string, query: UsageSeriesQuery): Promise<UsageSeriesResponse> {
    const from = bucketStartOf(new Date(query.from), query.granularity);
    const to = new Date(query.to);
    const scope: RollupScope = { tenantId, from, to, model: query.model, apiKeyId: query.apiKeyId };
    const starts = bucketStarts(from, to, query.granularity);
    const groupBy = query.groupBy ?? null;

    if (groupBy === null) {
      const rows = await this.usage.bucketSums(scope, query.granularity);
      const points = fillBuckets(starts, byBucket(rows));
      return {
        from: from.toISOString(),
        to: query.to,
        granularity: query.granularity,
        groupBy,
        series: [{ key: null, name: null, points }],
        rest: null,
      };
    }

    const [top, groupCount] = await Promise.all([
      this.usage.topGroups(scope, groupBy, USAGE_SERIES_MAX),
      this.usage.groupCount(scope, groupBy),
    ]);
    const keptGroups = top.map((group) => group.key);
    const [rows, names] = await Promise.all([
      this.usage.bucketSums(scope, query.granularity, { groupBy, keptGroups }),
      this.namesOf(tenantId, groupBy, keptGroups),
    ]);
    const series = keptGroups.map((key) => ({
      key,
      name: groupBy === 'apiKey' ? (names.get(key) ?? null) : null,
      points: fillBuckets(starts, byBucket(rows.filter((row) => row.key === key))),
    }));
    const restGroups = groupCount - keptGroups.length;
    const rest =
      restGroups > 0
        ? {
            groups: restGroups,
            points: fillBuckets(starts, byBucket(rows.filter((row) => row.key === null))),
          }
        : null;
    return { from: from.toISOString(), to: query.to, granularity: query.granularity, groupBy, series, rest };
  }

  /** Totals of the range (hours from the one holding `from`), with the top models and keys. */
  async summary(tenantId: string, query: UsageSummaryQuery): Promise<UsageSummaryResponse> {
    const from = bucketStartOf(new Date(query.from), 'hour');
    const scope: RollupScope = {
      tenantId,
      from,
      to: new Date(query.to),
      model: query.model,
      apiKeyId: query.apiKeyId,
    };
    const [totals, models, keys, percentiles] = await Promise.all([
      this.usage.totals(scope),
      this.usage.topGroups(scope, 'model', USAGE_TOP_MAX),
      this.usage.topGroups(scope, 'apiKey', USAGE_TOP_MAX),
      this.usage.latencyPercentiles(scope),
    ]);
    const names = await this.namesOf(
      tenantId,
      'apiKey',
      keys.map((key) => key.key),
    );
    return {
      from: from.toISOString(),
      to: query.to,
      totals: toUsageTotals(totals),
      topModels: models.map((group) => groupTotals(group.key, null, group)),
      topApiKeys: keys.map((group) => groupTotals(group.key, names.get(group.key) ?? null, group)),
      ...percentiles,
    };
  }

  private namesOf(tenantId: string, groupBy: UsageGroupBy, keys: string[]): Promise<Map<string, string>> {
    return groupBy === 'apiKey' ? this.usage.keyNames(tenantId, keys) : Promise.resolve(new Map());
  }
}

function byBucket(rows: readonly BucketSums[]): Map<number, UsageSums> {
  return new Map(rows.map((row) => [row.bucket.getTime(), row]));
}

function groupTotals(key: string, name: string | null, sums: UsageSums): UsageGroupTotals {
  return { key, name, ...toUsageTotals(sums) };
}
