import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { adminTenantsContract, type ParsedBody, type ParsedQuery } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery } from '../common/zod-validation.pipe';
import { auditActorOf } from '../audit-log/audit-actor';
import { CurrentUser, type UserPrincipal } from '../auth/principal';
import { AdminTenantsService } from './admin-tenants.service';
import { PlatformAdminGuard } from '../auth/platform-admin.guard';

const contract = adminTenantsContract;

/** /api/admin/tenants: platform admins only (not tenant-scoped). */
@Controller()
@UseGuards(PlatformAdminGuard)
export class AdminTenantsController {
  constructor(private readonly tenants: AdminTenantsService) {}

  @Get(contract.list.path)
  async list(@Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>) {
    const { status, search, ...page } = query;
    return contract.list.response.parse(await this.tenants.list({ status, search }, page));
  }

  @Get(contract.get.path)
  async get(@Param('tenantId') tenantId: string) {
    return contract.get.response.parse(await this.tenants.get(tenantId));
  }

  @Post(contract.suspend.path)
  @HttpCode(contract.suspend.successStatus)
  async suspend(
    @CurrentUser() principal: UserPrincipal,
    @Param('tenantId') tenantId: string,
    @Body(validBody(contract.suspend.body)) body: ParsedBody<typeof contract.suspend>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(principal, requestMeta(request));
    return contract.suspend.response.parse(await this.tenants.suspend(actor, tenantId, body.reason));
  }

  @Post(contract.reactivate.path)
  @HttpCode(contract.reactivate.successStatus)
  async reactivate(
    @CurrentUser() principal: UserPrincipal,
    @Param('tenantId') tenantId: string,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(principal, requestMeta(request));
    return contract.reactivate.response.parse(await this.tenants.reactivate(actor, tenantId));
  }

  @Patch(contract.update.path)
  async update(
    @CurrentUser() principal: UserPrincipal,
    @Param('tenantId') tenantId: string,
    @Body(validBody(contract.update.body)) body: ParsedBody<typeof contract.update>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(principal, requestMeta(request));
    return contract.update.response.parse(await this.tenants.changeTier(actor, tenantId, body.tierId));
  }
}
