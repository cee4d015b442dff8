import { Injectable } from '@nestjs/common';
import type { Prisma } from '@llmguard/db';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
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
 * Records a route change twice, in the caller's transaction: an immutable version with the sealed credentials (what
 * a restore needs) and an audit entry with the API views (no credential, sealed or not).
 */
@Injectable()
export class RouteHistory {
  constructor(
    private readonly routes: RoutesRepository,
    private readonly audit: AuditLogWriter,
  ) {}

  async record(tx: Prisma.TransactionClient, scope: RouteScope, actor: AuditActor, change: RouteChange) {
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
