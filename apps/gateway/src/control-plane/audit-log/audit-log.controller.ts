import { Controller, Get, Query } from '@nestjs/common';
import { auditLogContract, type ParsedQuery } from '@llmguard/shared';
import { validQuery } from '../common/zod-validation.pipe';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { AuditLogService } from './audit-log.service';

const contract = auditLogContract;

/** /api/tenants/:tenantSlug/audit-log */
@Controller()
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get(contract.list.path)
  @RequirePermission('audit_log.read')
  async list(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>,
  ) {
    return contract.list.response.parse(await this.auditLog.list(access.tenant.id, query));
  }

  @Get(contract.verify.path)
  @RequirePermission('audit_log.verify')
  async verify(@CurrentTenant() access: TenantAccess) {
    return contract.verify.response.parse(await this.auditLog.verify(access.tenant.id));
  }
}
