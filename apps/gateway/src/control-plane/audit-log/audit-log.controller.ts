import { Controller, Get, Query, Req, StreamableFile } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { auditLogContract, type ParsedQuery } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validQuery } from '../common/zod-validation.pipe';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { auditActorOf } from './audit-actor';
import { AUDIT_EXPORT_CONTENT_TYPE } from './audit-export.format';
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

  /** A download: `audit-log-<slug>-<from day>-<to day>.<format>`, streamed. */
  @Get(contract.export.path)
  @RequirePermission('audit_log.export')
  async export(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.export.query)) query: ParsedQuery<typeof contract.export>,
    @Req() request: FastifyRequest,
  ): Promise<StreamableFile> {
    const actor = auditActorOf(access.principal, requestMeta(request));
    const stream = await this.auditLog.export(access.tenant.id, actor, query);
    const filename = `audit-log-${access.tenant.slug}-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.${query.format}`;
    return new StreamableFile(stream, {
      type: AUDIT_EXPORT_CONTENT_TYPE[query.format],
      disposition: `attachment; filename="${filename}"`,
    });
  }

  @Get(contract.verify.path)
  @RequirePermission('audit_log.verify')
  async verify(@CurrentTenant() access: TenantAccess) {
    return contract.verify.response.parse(await this.auditLog.verify(access.tenant.id));
  }
}
