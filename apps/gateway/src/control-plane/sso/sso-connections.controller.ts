import { Body, Controller, Delete, Get, HttpCode, Put, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ssoContract, type ParsedBody } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody } from '../common/zod-validation.pipe';
import { auditActorOf } from '../audit-log/audit-actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { SsoConnectionsService } from './sso-connections.service';

const contract = ssoContract;

/** /api/tenants/:tenantSlug/sso: the tenant's identity provider, managed by owners and admins. */
@Controller()
export class SsoConnectionsController {
  constructor(private readonly connections: SsoConnectionsService) {}

  @Get(contract.get.path)
  @RequirePermission('sso.read')
  async get(@CurrentTenant() access: TenantAccess) {
    return contract.get.response.parse(await this.connections.get(access));
  }

  @Put(contract.put.path)
  @RequirePermission('sso.manage')
  @HttpCode(contract.put.successStatus)
  async put(
    @CurrentTenant() access: TenantAccess,
    @Body(validBody(contract.put.body)) body: ParsedBody<typeof contract.put>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.put.response.parse(await this.connections.put(access, actor, body));
  }

  @Delete(contract.remove.path)
  @RequirePermission('sso.manage')
  @HttpCode(contract.remove.successStatus)
  async remove(@CurrentTenant() access: TenantAccess, @Req() request: FastifyRequest): Promise<void> {
    await this.connections.remove(access, auditActorOf(access.principal, requestMeta(request)));
  }
}
