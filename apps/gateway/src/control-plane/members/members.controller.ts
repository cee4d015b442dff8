import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { membersContract, type ParsedBody, type ParsedQuery } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery } from '../common/zod-validation.pipe';
import { auditActorOf } from '../audit-log/audit-actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { MembersService } from './members.service';

const contract = membersContract;

/** /api/tenants/:tenantSlug/members */
@Controller()
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get(contract.list.path)
  @RequirePermission('member.list')
  async list(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>,
  ) {
    return contract.list.response.parse(await this.members.list(access, query));
  }

  @Patch(contract.changeRole.path)
  @RequirePermission('member.update_role')
  async changeRole(
    @CurrentTenant() access: TenantAccess,
    @Param('memberId') memberId: string,
    @Body(validBody(contract.changeRole.body)) body: ParsedBody<typeof contract.changeRole>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.changeRole.response.parse(
      await this.members.changeRole(access, actor, memberId, body.role),
    );
  }

  @Delete(contract.remove.path)
  @RequirePermission('member.remove')
  @HttpCode(contract.remove.successStatus)
  async remove(
    @CurrentTenant() access: TenantAccess,
    @Param('memberId') memberId: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.members.remove(access, auditActorOf(access.principal, requestMeta(request)), memberId);
  }
}
