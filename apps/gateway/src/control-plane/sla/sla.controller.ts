import { Controller, Get, Query } from '@nestjs/common';
import { slaContract, type ParsedQuery } from '@llmguard/shared';
import { validQuery } from '../common/zod-validation.pipe';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { SlaService } from './sla.service';

const contract = slaContract;

/** /api/tenants/:tenantSlug/sla */
@Controller()
export class SlaController {
  constructor(private readonly sla: SlaService) {}

  @Get(contract.get.path)
  @RequirePermission('sla.read')
  async get(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.get.query)) query: ParsedQuery<typeof contract.get>,
  ) {
    return contract.get.response.parse(await this.sla.month(access.tenant, query.month));
  }
}
