import { Inject, Injectable } from '@nestjs/common';
import type { ActorType, ModelRouteVersion, Prisma, PrismaClient } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';
import type { PageRequest } from '../common/pagination';
import type { DeploymentRow } from './deployment-plan';
import type { RouteScope } from './route-scope';
import type { RouteSnapshot, RouteWithDeployments } from './route-snapshot';

/** The route fields a change writes (deployments are written separately). */
export type RouteFields = {
  alias: string;
  strategy: string;
  description: string | null;
  enabled: boolean;
  config: Prisma.InputJsonValue;
  version: number;
};

/** One version to append. */
export type NewRouteVersion = {
  routeId: string;
  version: number;
  action: 'created' | 'updated' | 'deleted' | 'restored';
  restoredFromVersion: number | null;
  snapshot: RouteSnapshot;
  author: { type: ActorType; id: string | null };
  comment: string | null;
};

const withDeployments = {
  deployments: { orderBy: [{ priority: 'asc' as const }, { name: 'asc' as const }] },
};

/**
 * Model routes, their deployments and versions within one scope (a tenant, or the platform): every method takes the
 * scope, so no query reaches a route of another tenant, nor a platform route from a tenant path.
 */
@Injectable()
export class RoutesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** By alias (the order clients think in); cursor = the last route id of the previous page. */
  list(scope: RouteScope, page: PageRequest): Promise<RouteWithDeployments[]> {
    return this.prisma.modelRoute.findMany({
      where: { tenantId: scope.tenantId },
      include: withDeployments,
      orderBy: [{ alias: 'asc' }, { id: 'asc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }

  find(
    scope: RouteScope,
    routeId: string,
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<RouteWithDeployments | null> {
    return tx.modelRoute.findFirst({
      where: { id: routeId, tenantId: scope.tenantId },
      include: withDeployments,
    });
  }

  /** The route, locked until the transaction ends, so concurrent changes get consecutive version numbers. */
  async findForUpdate(
    tx: Prisma.TransactionClient,
    scope: RouteScope,
    routeId: string,
  ): Promise<RouteWithDeployments | null> {
    await tx.$queryRaw`SELECT 1 FROM model_routes
      WHERE id = ${routeId} AND tenant_id IS NOT DISTINCT FROM ${scope.tenantId}::text FOR UPDATE`;
    return this.find(scope, routeId, tx);
  }

  async create(
    tx: Prisma.TransactionClient,
    scope: RouteScope,
    routeId: string,
    fields: RouteFields,
    deployments: DeploymentRow[],
  ): Promise<RouteWithDeployments> {
    await tx.modelRoute.create({ data: { id: routeId, tenantId: scope.tenantId, ...fields } });
    await tx.deployment.createMany({ data: deployments.map((row) => ({ ...row, routeId })) });
    return this.findOrThrow(tx, scope, routeId);
  }

  /** Updates the route; with `deployments`, they become exactly that list (missing ids deleted, others upserted). */
  async update(
    tx: Prisma.TransactionClient,
    scope: RouteScope,
    routeId: string,
    fields: RouteFields,
    deployments?: DeploymentRow[],
  ): Promise<RouteWithDeployments> {
    await tx.modelRoute.update({ where: { id: routeId, tenantId: scope.tenantId }, data: fields });
    if (deployments) {
      // Deleting first frees the names of dropped deployments for rows that take them over.
      await tx.deployment.deleteMany({ where: { routeId, id: { notIn: deployments.map((row) => row.id) } } });
      for (const row of deployments) {
        const { id, ...data } = row;
        await tx.deployment.upsert({ where: { id }, create: { ...row, routeId }, update: data });
      }
    }
    return this.findOrThrow(tx, scope, routeId);
  }

  async delete(tx: Prisma.TransactionClient, scope: RouteScope, routeId: string): Promise<void> {
    await tx.modelRoute.delete({ where: { id: routeId, tenantId: scope.tenantId } });
  }

  appendVersion(
    tx: Prisma.TransactionClient,
    scope: RouteScope,
    version: NewRouteVersion,
  ): Promise<ModelRouteVersion> {
    return tx.modelRouteVersion.create({
      data: {
        routeId: version.routeId,
        version: version.version,
        tenantId: scope.tenantId,
        action: version.action,
        restoredFromVersion: version.restoredFromVersion,
        snapshot: version.snapshot as Prisma.InputJsonValue,
        authorType: version.author.type,
        authorId: version.author.id,
        comment: version.comment,
      },
    });
  }

  /** Newest first; cursor = the last version number of the previous page. */
  listVersions(
    scope: RouteScope,
    routeId: string,
    page: { limit: number; cursor?: number },
  ): Promise<ModelRouteVersion[]> {
    return this.prisma.modelRouteVersion.findMany({
      where: {
        routeId,
        tenantId: scope.tenantId,
        ...(page.cursor === undefined ? {} : { version: { lt: page.cursor } }),
      },
      orderBy: { version: 'desc' },
      take: page.limit + 1,
    });
  }

  findVersion(
    scope: RouteScope,
    routeId: string,
    version: number,
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<ModelRouteVersion | null> {
    return tx.modelRouteVersion.findFirst({ where: { routeId, version, tenantId: scope.tenantId } });
  }

  /** The highest version recorded for a route (the route itself may be deleted); 0 when none. */
  async latestVersionNumber(
    tx: Prisma.TransactionClient,
    scope: RouteScope,
    routeId: string,
  ): Promise<number> {
    const latest = await tx.modelRouteVersion.findFirst({
      where: { routeId, tenantId: scope.tenantId },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    return latest?.version ?? 0;
  }

  private async findOrThrow(
    tx: Prisma.TransactionClient,
    scope: RouteScope,
    routeId: string,
  ): Promise<RouteWithDeployments> {
    const route = await this.find(scope, routeId, tx);
    if (!route) throw new Error(`route ${routeId} vanished inside its own transaction`);
    return route;
  }
}
