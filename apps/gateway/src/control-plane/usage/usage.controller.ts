import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { usageContract, type ParsedQuery } from '@llmguard/shared';
import { validQuery } from '../common/zod-validation.pipe';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { SpendService } from './spend.service';
import { USAGE_EXPORT_CONTENT_TYPE, usageExportStream } from './usage-export.format';
import { UsageService } from './usage.service';

const contract = usageContract;

/** /api/tenants/:tenantSlug/usage */
@Controller()
export class UsageController {
  constructor(
    private readonly usage: UsageService,
    private readonly spend: SpendService,
  ) {}

  @Get(contract.series.path)
  @RequirePermission('usage.read')
  async series(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.series.query)) query: ParsedQuery<typeof contract.series>,
  ) {
    return contract.series.response.parse(await this.usage.series(access.tenant.id, query));
  }

  @Get(contract.summary.path)
  @RequirePermission('usage.read')
  async summary(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.summary.query)) query: ParsedQuery<typeof contract.summary>,
  ) {
    return contract.summary.response.parse(await this.usage.summary(access.tenant.id, query));
  }

  /** A download: `usage-<slug>-<from day>-<to day>.csv`, the series as the chart shows it. */
  @Get(contract.export.path)
  @RequirePermission('usage.read')
  async export(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.export.query)) query: ParsedQuery<typeof contract.export>,
  ): Promise<StreamableFile> {
    const series = await this.usage.series(access.tenant.id, query);
    const filename = `usage-${access.tenant.slug}-${series.from.slice(0, 10)}-${series.to.slice(0, 10)}.csv`;
    return new StreamableFile(usageExportStream(series), {
      type: USAGE_EXPORT_CONTENT_TYPE,
      disposition: `attachment; filename="${filename}"`,
    });
  }

  @Get(contract.spend.path)
  @RequirePermission('usage.read')
  async currentSpend(@CurrentTenant() access: TenantAccess) {
    return contract.spend.response.parse(await this.spend.current(access));
  }
}
