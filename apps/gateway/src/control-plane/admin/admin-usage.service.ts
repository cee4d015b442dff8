import { Injectable } from '@nestjs/common';
import type { AdminUsageQuery, AdminUsageResponse, AdminUsageTenant } from '@llmguard/shared';
import {
  bucketStartOf,
  bucketStarts,
  fillBuckets,
  toUsageTotals,
  type UsageSums,
} from '../usage/usage-buckets';
import { AdminUsageRepository, type TenantSums } from './admin-usage.repository';

/**
 * Usage of the whole platform, or of the tenants a search matches: one series, its totals and the costliest tenants,
 * from the hourly rollups.
 */
@Injectable()
export class AdminUsageService {
  constructor(private readonly usage: AdminUsageRepository) {}

  async get(query: AdminUsageQuery): Promise<AdminUsageResponse> {
    const from = bucketStartOf(new Date(query.from), query.granularity);
    const range = { from, to: new Date(query.to), tenantSearch: query.tenant };
    const [buckets, { sums, activeTenants }, tenants] = await Promise.all([
      this.usage.bucketSums(range, query.granularity),
      this.usage.totals(range),
      this.usage.topTenants(range, query.limit),
    ]);
    const byBucket = new Map<number, UsageSums>(buckets.map((row) => [row.bucket.getTime(), row]));
    return {
      from: from.toISOString(),
      to: query.to,
      granularity: query.granularity,
      totals: toUsageTotals(sums),
      activeTenants,
      points: fillBuckets(bucketStarts(from, range.to, query.granularity), byBucket),
      topTenants: tenants.map(toTenantUsage),
    };
  }
}

function toTenantUsage({ tenantId, slug, name, status, tierId, ...sums }: TenantSums): AdminUsageTenant {
  return { tenantId, slug, name, status, tierId, ...toUsageTotals(sums) };
}
