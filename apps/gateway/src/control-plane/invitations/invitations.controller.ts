import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { invitationsContract, type ParsedBody, type ParsedQuery } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery } from '../common/zod-validation.pipe';
import { auditActorOf } from '../audit-log/audit-actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { InvitationsService } from './invitations.service';

const contract = invitationsContract;

/** /api/tenants/:tenantSlug/invitations */
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(contract.list.path)
  @RequirePermission('invitation.list')
  async list(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>,
  ) {
    return contract.list.response.parse(await this.invitations.list(access, query));
  }

  @Post(contract.create.path)
  @RequirePermission('invitation.create')
  @HttpCode(contract.create.successStatus)
  async create(
    @CurrentTenant() access: TenantAccess,
    @Body(validBody(contract.create.body)) body: ParsedBody<typeof contract.create>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.create.response.parse(await this.invitations.create(access, actor, body));
  }

  @Post(contract.revoke.path)
  @RequirePermission('invitation.revoke')
  @HttpCode(contract.revoke.successStatus)
  async revoke(
    @CurrentTenant() access: TenantAccess,
    @Param('invitationId') invitationId: string,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.revoke.response.parse(await this.invitations.revoke(access, actor, invitationId));
  }
}
