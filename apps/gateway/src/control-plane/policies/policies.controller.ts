import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  policiesContract,
  policyVersionParamsSchema,
  type ParsedBody,
  type ParsedQuery,
} from '@llmguard/shared';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery, ZodValidationPipe } from '../common/zod-validation.pipe';
import { auditActorOf } from '../audit-log/audit-actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { PoliciesService } from './policies.service';

const contract = policiesContract;
const validVersionParams = new ZodValidationPipe(policyVersionParamsSchema, 'params');

/** /api/tenants/:tenantSlug/policy: read by every member, written by platform admins only. */
@Controller()
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get(contract.get.path)
  @RequirePermission('policy.read')
  async get(@CurrentTenant() access: TenantAccess) {
    return contract.get.response.parse(await this.policies.get(access));
  }

  @Get(contract.listVersions.path)
  @RequirePermission('policy.read')
  async listVersions(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.listVersions.query)) query: ParsedQuery<typeof contract.listVersions>,
  ) {
    return contract.listVersions.response.parse(await this.policies.listVersions(access, query));
  }

  @Get(contract.getVersion.path)
  @RequirePermission('policy.read')
  async getVersion(
    @CurrentTenant() access: TenantAccess,
    @Param(validVersionParams) { version }: { version: number },
  ) {
    return contract.getVersion.response.parse(await this.policies.getVersion(access, version));
  }

  @Post(contract.createVersion.path)
  @RequirePermission('policy.write')
  @HttpCode(contract.createVersion.successStatus)
  async createVersion(
    @CurrentTenant() access: TenantAccess,
    @Body(validBody(contract.createVersion.body)) body: ParsedBody<typeof contract.createVersion>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.createVersion.response.parse(await this.policies.createVersion(access, actor, body));
  }

  @Post(contract.restoreVersion.path)
  @RequirePermission('policy.write')
  @HttpCode(contract.restoreVersion.successStatus)
  async restoreVersion(
    @CurrentTenant() access: TenantAccess,
    @Param(validVersionParams) { version }: { version: number },
    @Body(validBody(contract.restoreVersion.body)) body: ParsedBody<typeof contract.restoreVersion>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.restoreVersion.response.parse(
      await this.policies.restoreVersion(access, actor, version, body),
    );
  }
}
