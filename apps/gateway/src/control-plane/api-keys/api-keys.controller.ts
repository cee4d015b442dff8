import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { apiKeysContract, type ParsedBody, type ParsedQuery } from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery } from '../common/zod-validation.pipe';
import { auditActorOf } from '../audit-log/audit-actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { ApiKeysService } from './api-keys.service';

const contract = apiKeysContract;

/** /api/tenants/:tenantSlug/api-keys */
@Controller()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post(contract.create.path)
  @RequirePermission('api_key.create')
  @HttpCode(contract.create.successStatus)
  async create(
    @CurrentTenant() access: TenantAccess,
    @Body(validBody(contract.create.body)) body: ParsedBody<typeof contract.create>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.create.response.parse(await this.keys.create(access, actor, body));
  }

  @Get(contract.list.path)
  @RequirePermission('api_key.list')
  async list(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>,
  ) {
    return contract.list.response.parse(await this.keys.list(access, query));
  }

  @Get(contract.get.path)
  @RequirePermission('api_key.list')
  async get(@CurrentTenant() access: TenantAccess, @Param('keyId') keyId: string) {
    return contract.get.response.parse(await this.keys.get(access, keyId));
  }

  @Patch(contract.update.path)
  @RequirePermission('api_key.update')
  async update(
    @CurrentTenant() access: TenantAccess,
    @Param('keyId') keyId: string,
    @Body(validBody(contract.update.body)) body: ParsedBody<typeof contract.update>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.update.response.parse(await this.keys.update(access, actor, keyId, body));
  }

  @Post(contract.revoke.path)
  @RequirePermission('api_key.revoke')
  @HttpCode(contract.revoke.successStatus)
  async revoke(
    @CurrentTenant() access: TenantAccess,
    @Param('keyId') keyId: string,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.revoke.response.parse(await this.keys.revoke(access, actor, keyId));
  }

  @Post(contract.rotate.path)
  @RequirePermission('api_key.rotate')
  @HttpCode(contract.rotate.successStatus)
  async rotate(
    @CurrentTenant() access: TenantAccess,
    @Param('keyId') keyId: string,
    @Body(validBody(contract.rotate.body)) body: ParsedBody<typeof contract.rotate>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.rotate.response.parse(await this.keys.rotate(access, actor, keyId, body));
  }
}
