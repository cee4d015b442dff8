import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  routeVersionParamsSchema,
  tenantRoutesContract,
  type ParsedBody,
  type ParsedQuery,
} from '@llmguard/shared';
import { auditActorOf } from '../audit-log/audit-actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery, ZodValidationPipe } from '../common/zod-validation.pipe';
import { RouteVariantsService } from './route-variants.service';
import { RouteVersionsService } from './route-versions.service';
import { tenantScope } from './route-scope';
import { RoutesService } from './routes.service';

const contract = tenantRoutesContract;
const validVersionParams = new ZodValidationPipe(routeVersionParamsSchema, 'params');

/** /api/tenants/:tenantSlug/routes: a tenant's own model routes and their versions. */
@Controller()
export class TenantRoutesController {
  constructor(
    private readonly routes: RoutesService,
    private readonly versions: RouteVersionsService,
    private readonly variantsReport: RouteVariantsService,
  ) {}

  @Get(contract.list.path)
  @RequirePermission('route.read')
  async list(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>,
  ) {
    return contract.list.response.parse(await this.routes.list(tenantScope(access.tenant.id), query));
  }

  @Get(contract.get.path)
  @RequirePermission('route.read')
  async get(@CurrentTenant() access: TenantAccess, @Param('routeId') routeId: string) {
    return contract.get.response.parse(await this.routes.get(tenantScope(access.tenant.id), routeId));
  }

  @Post(contract.create.path)
  @RequirePermission('route.write')
  @HttpCode(contract.create.successStatus)
  async create(
    @CurrentTenant() access: TenantAccess,
    @Body(validBody(contract.create.body)) body: ParsedBody<typeof contract.create>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    return contract.create.response.parse(
      await this.routes.create(tenantScope(access.tenant.id), actor, body),
    );
  }

  @Patch(contract.update.path)
  @RequirePermission('route.write')
  async update(
    @CurrentTenant() access: TenantAccess,
    @Param('routeId') routeId: string,
    @Body(validBody(contract.update.body)) body: ParsedBody<typeof contract.update>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    const route = await this.routes.update(tenantScope(access.tenant.id), actor, routeId, body);
    return contract.update.response.parse(route);
  }

  @Delete(contract.delete.path)
  @RequirePermission('route.write')
  @HttpCode(contract.delete.successStatus)
  async delete(
    @CurrentTenant() access: TenantAccess,
    @Param('routeId') routeId: string,
    @Query(validQuery(contract.delete.query)) query: ParsedQuery<typeof contract.delete>,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    const actor = auditActorOf(access.principal, requestMeta(request));
    await this.routes.delete(tenantScope(access.tenant.id), actor, routeId, query.comment);
  }

  @Get(contract.listVersions.path)
  @RequirePermission('route.read')
  async listVersions(
    @CurrentTenant() access: TenantAccess,
    @Param('routeId') routeId: string,
    @Query(validQuery(contract.listVersions.query)) query: ParsedQuery<typeof contract.listVersions>,
  ) {
    const page = {
      limit: query.limit,
      cursor: query.cursor === undefined ? undefined : Number(query.cursor),
    };
    const versions = await this.versions.list(tenantScope(access.tenant.id), routeId, page);
    return contract.listVersions.response.parse(versions);
  }

  @Get(contract.getVersion.path)
  @RequirePermission('route.read')
  async getVersion(
    @CurrentTenant() access: TenantAccess,
    @Param('routeId') routeId: string,
    @Param(validVersionParams) { version }: { version: number },
  ) {
    const found = await this.versions.get(tenantScope(access.tenant.id), routeId, version);
    return contract.getVersion.response.parse(found);
  }

  @Post(contract.restoreVersion.path)
  @RequirePermission('route.write')
  @HttpCode(contract.restoreVersion.successStatus)
  async restoreVersion(
    @CurrentTenant() access: TenantAccess,
    @Param('routeId') routeId: string,
    @Param(validVersionParams) { version }: { version: number },
    @Body(validBody(contract.restoreVersion.body)) body: ParsedBody<typeof contract.restoreVersion>,
    @Req() request: FastifyRequest,
  ) {
    const actor = auditActorOf(access.principal, requestMeta(request));
    const scope = tenantScope(access.tenant.id);
    return contract.restoreVersion.response.parse(
      await this.versions.restore(scope, actor, routeId, version, body),
    );
  }

  @Get(contract.variants.path)
  @RequirePermission('route.read')
  async variants(
    @CurrentTenant() access: TenantAccess,
    @Param('routeId') routeId: string,
    @Query(validQuery(contract.variants.query)) query: ParsedQuery<typeof contract.variants>,
  ) {
    const report = await this.variantsReport.report(tenantScope(access.tenant.id), routeId, query);
    return contract.variants.response.parse(report);
  }
}
