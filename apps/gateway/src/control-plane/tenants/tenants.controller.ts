import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tenantsContract, type ParsedBody, type ParsedQuery } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery } from '../common/zod-validation.pipe';
import { auditActorOf } from '../audit-log/audit-actor';
import { CurrentUser, type UserPrincipal } from '../auth/principal';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { TenantsService } from './tenants.service';
import { toTenantView } from './tenant.view';

const contract = tenantsContract;

/** /api/tenants */
@Controller()
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post(contract.create.path)
  @HttpCode(contract.create.successStatus)
  async create(
    @CurrentUser() principal: UserPrincipal,
    @Body(validBody(contract.create.body)) body: ParsedBody<typeof contract.create>,
    @Req() request: FastifyRequest,
  ) {
    const tenant = await this.tenants.create(principal, auditActorOf(principal, requestMeta(request)), body);
    return contract.create.response.parse(tenant);
  }

  @Get(contract.list.path)
  async list(
    @CurrentUser() principal: UserPrincipal,
    @Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>,
  ) {
    return contract.list.response.parse(await this.tenants.listMine(principal.userId, query));
  }

  @Get(contract.get.path)
  @RequirePermission('tenant.read')
  get(@CurrentTenant() access: TenantAccess) {
    return contract.get.response.parse(toTenantView(access.tenant, access.role));
  }

  @Patch(contract.update.path)
  @RequirePermission('tenant.update')
  async update(
    @CurrentTenant() access: TenantAccess,
    @Body(validBody(contract.update.body)) body: ParsedBody<typeof contract.update>,
    @Req() request: FastifyRequest,
  ) {
    const tenant = await this.tenants.update(
      access,
      auditActorOf(access.principal, requestMeta(request)),
      body,
    );
    return contract.update.response.parse(tenant);
  }
}
