import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  platformRoutesContract,
  routeVersionParamsSchema,
  type ParsedBody,
  type ParsedQuery,
} from '@llmguard/shared';
import { PlatformAdminGuard } from '../auth/platform-admin.guard';
import { auditActorOf } from '../audit-log/audit-actor';
import type { AuditActor } from '../audit-log/audit-log.writer';
import { principalOf, type ControlPlaneRequest } from '../auth/principal';
import { requestMeta } from '../common/request-meta';
import { validBody, validQuery, ZodValidationPipe } from '../common/zod-validation.pipe';
import { RouteVariantsService } from './route-variants.service';
import { RouteVersionsService } from './route-versions.service';
import { PLATFORM_SCOPE } from './route-scope';
import { RoutesService } from './routes.service';

const contract = platformRoutesContract;
const validVersionParams = new ZodValidationPipe(routeVersionParamsSchema, 'params');

const actorOf = (request: ControlPlaneRequest): AuditActor =>
  auditActorOf(principalOf(request), requestMeta(request));

/** /api/admin/routes: platform-wide routes (every tenant sees them under aliases it has not overridden). */
@Controller()
@UseGuards(PlatformAdminGuard)
export class PlatformRoutesController {
  constructor(
    private readonly routes: RoutesService,
    private readonly versions: RouteVersionsService,
    private readonly variantsReport: RouteVariantsService,
  ) {}

  @Get(contract.list.path)
  async list(@Query(validQuery(contract.list.query)) query: ParsedQuery<typeof contract.list>) {
    return contract.list.response.parse(await this.routes.list(PLATFORM_SCOPE, query));
  }

  @Get(contract.get.path)
  async get(@Param('routeId') routeId: string) {
    return contract.get.response.parse(await this.routes.get(PLATFORM_SCOPE, routeId));
  }

  @Post(contract.create.path)
  @HttpCode(contract.create.successStatus)
  async create(
    @Body(validBody(contract.create.body)) body: ParsedBody<typeof contract.create>,
    @Req() request: ControlPlaneRequest,
  ) {
    return contract.create.response.parse(await this.routes.create(PLATFORM_SCOPE, actorOf(request), body));
  }

  @Patch(contract.update.path)
  async update(
    @Param('routeId') routeId: string,
    @Body(validBody(contract.update.body)) body: ParsedBody<typeof contract.update>,
    @Req() request: ControlPlaneRequest,
  ) {
    const route = await this.routes.update(PLATFORM_SCOPE, actorOf(request), routeId, body);
    return contract.update.response.parse(route);
  }

  @Delete(contract.delete.path)
  @HttpCode(contract.delete.successStatus)
  async delete(
    @Param('routeId') routeId: string,
    @Query(validQuery(contract.delete.query)) query: ParsedQuery<typeof contract.delete>,
    @Req() request: ControlPlaneRequest,
  ): Promise<void> {
    await this.routes.delete(PLATFORM_SCOPE, actorOf(request), routeId, query.comment);
  }

  @Get(contract.listVersions.path)
  async listVersions(
    @Param('routeId') routeId: string,
    @Query(validQuery(contract.listVersions.query)) query: ParsedQuery<typeof contract.listVersions>,
  ) {
    const page = {
      limit: query.limit,
      cursor: query.cursor === undefined ? undefined : Number(query.cursor),
    };
    return contract.listVersions.response.parse(await this.versions.list(PLATFORM_SCOPE, routeId, page));
  }

  @Get(contract.getVersion.path)
  async getVersion(
    @Param('routeId') routeId: string,
    @Param(validVersionParams) { version }: { version: number },
  ) {
    return contract.getVersion.response.parse(await this.versions.get(PLATFORM_SCOPE, routeId, version));
  }

  @Post(contract.restoreVersion.path)
  @HttpCode(contract.restoreVersion.successStatus)
  async restoreVersion(
    @Param('routeId') routeId: string,
    @Param(validVersionParams) { version }: { version: number },
    @Body(validBody(contract.restoreVersion.body)) body: ParsedBody<typeof contract.restoreVersion>,
    @Req() request: ControlPlaneRequest,
  ) {
    const restored = await this.versions.restore(PLATFORM_SCOPE, actorOf(request), routeId, version, body);
    return contract.restoreVersion.response.parse(restored);
  }

  /** A platform route's report spans every tenant's traffic on it. */
  @Get(contract.variants.path)
  async variants(
    @Param('routeId') routeId: string,
    @Query(validQuery(contract.variants.query)) query: ParsedQuery<typeof contract.variants>,
  ) {
    return contract.variants.response.parse(await this.variantsReport.report(PLATFORM_SCOPE, routeId, query));
  }
}
