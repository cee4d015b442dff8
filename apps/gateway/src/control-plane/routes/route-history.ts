import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import { GatewayInvalidations } from '../common/gateway-invalidations';
import { RoutesRepository, type NewRouteVersion } from './routes.repository';
import type { RouteScope } from './route-scope';
import { snapshotOf, type RouteWithDeployments } from './route-snapshot';
import { toRouteView } from './route.view';

/** One change to record: the route after it (for a deletion: as it was deleted) and the route before it. */
export type RouteChange = {
  action: NewRouteVersion['action'];
  route: RouteWithDeployments;
  version: number;
  before: RouteWithDeployments | null;
  comment?: string;
  restoredFromVersion?: number;
};

/**
 * Commits route changes: each in one transaction with its two records, an immutable version with the sealed
 * credentials (what a restore needs) and an audit entry with the API views (no credential, sealed or not); then,
 * once committed, every gateway is told to drop the scope's cached routes.
 */
@Injectable()
export class RouteHistory {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly routes: RoutesRepository,
    private readonly audit: AuditLogWriter,
    private readonly invalidations: GatewayInvalidations,
  ) {}

  /** Runs `change` in a transaction, records what it returns there, and publishes the change after the commit. */
  async commit(
    scope: RouteScope,
    actor: AuditActor,
    change: (tx: Prisma.TransactionClient) => Promise<RouteChange>,
  ): Promise<RouteWithDeployments> {
    const route = await this.prisma.$transaction(async (tx) => {
      const made = await change(tx);
      await this.record(tx, scope, actor, made);
      return made.route;
    });
    await this.invalidations.routesChanged(scope.tenantId);
    return route;
  }

  private async record(
    tx: Prisma.TransactionClient,
    scope: RouteScope,
    actor: AuditActor,
    change: RouteChange,
  ) {
    await this.routes.appendVersion(tx, scope, {
      routeId: change.route.id,
      version: change.version,
      action: change.action,
      restoredFromVersion: change.restoredFromVersion ?? null,
      snapshot: snapshotOf(change.route),
      author: { type: actor.type, id: actor.id },
      comment: change.comment ?? null,
    });
    const after = change.action === 'deleted' ? null : toRouteView(change.route);
    await this.audit.append(tx, actor, {
      tenantId: scope.tenantId,
      action: `route.${change.action}`,
      target: { type: 'model_route', id: change.route.id },
      before: change.before ? toRouteView(change.before) : null,
      after: after && {
        ...after,
        comment: change.comment ?? null,
        ...(change.restoredFromVersion ? { restoredFromVersion: change.restoredFromVersion } : {}),
      },
    });
  }
}
