import { Controller, Get, Query } from '@nestjs/common';
import { serviceCreditsContract, type ParsedQuery, type ServiceCreditsResponse } from '@llmguard/shared';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { validQuery } from '../common/zod-validation.pipe';
import { ServiceCreditsRepository } from './service-credits.repository';

const contract = serviceCreditsContract;

/** /api/tenants/:tenantSlug/billing/service-credits: what missed SLA targets earned, read from the daily reports. */
@Controller()
export class ServiceCreditsController {
  constructor(private readonly reports: ServiceCreditsRepository) {}

  @Get(contract.list.path)
  @RequirePermission('billing.read')
  async list(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>,
  ) {
    const month = query.month ?? new Date().toISOString().slice(0, 7);
    return contract.list.response.parse(await this.credits(access.tenant.id, month));
  }

  private async credits(tenantId: string, month: string): Promise<ServiceCreditsResponse> {
    const from = new Date(`${month}-01T00:00:00Z`);
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    const rows = await this.reports.creditedDays(tenantId, from, to);
    const totalMicros = rows.reduce((sum, row) => sum + row.creditMicros, 0n);
    return {
      month,
      totalMicros: totalMicros.toString(),
      data: rows.map((row) => ({
        day: row.day.toISOString().slice(0, 10),
        tierId: row.tierId,
        creditMicros: row.creditMicros.toString(),
        availabilityBreached: row.availabilityBreached,
        latencyBreached: row.latencyBreached,
        ttftBreached: row.ttftBreached,
      })),
    };
  }
}
