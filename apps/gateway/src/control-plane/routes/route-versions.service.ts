import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@llmguard/db';
import type { CredentialSealer } from '@llmguard/server';
import type { RestoreRouteVersionRequest, RouteVersionView, RouteView } from '@llmguard/shared';
import type { AuditActor } from '../audit-log/audit-log.writer';
import { conflict, notFound } from '../common/errors';
import { isUniqueViolation } from '../common/prisma-errors';
import { CREDENTIAL_SEALER } from './credential-sealer.provider';
import { restoredDeployments, type DeploymentRow } from './deployment-plan';
import { RouteHistory } from './route-history';
import type { RouteScope } from './route-scope';
import { parseSnapshot, type RouteSnapshot } from './route-snapshot';
import { toRouteView, toSnapshotView, toVersionSummary } from './route.view';
import { RoutesRepository, type RouteFields } from './routes.repository';

/**
 * The history of a route: its versions, and restoring one. A restore is itself a new version carrying the restored
 * snapshot, so history only grows; restoring a `deleted` version (or any version of a deleted route) recreates the
 * route with its old id and deployment ids.
 */
@Injectable()
export class RouteVersionsService {
  constructor(
    @Inject(CREDENTIAL_SEALER) private readonly sealer: CredentialSealer,
    private readonly routes: RoutesRepository,
    private readonly history: RouteHistory,
  ) {}

  async list(scope: RouteScope, routeId: string, page: { limit: number; cursor?: number }) {
    const rows = await this.routes.listVersions(scope, routeId, page);
    // A route with no version in this scope is missing (or another tenant's); a route written before versions
    // existed, outside the API, has none yet but is there.
    if (rows.length === 0 && page.cursor === undefined && !(await this.routes.find(scope, routeId)))
      throw notFound('Route');
    const shown = rows.slice(0, page.limit);
    const last = shown.at(-1);
    return {
      data: shown.map(toVersionSummary),
      nextCursor: rows.length > page.limit && last ? String(last.version) : null,
    };
  }

  async get(scope: RouteScope, routeId: string, version: number): Promise<RouteVersionView> {
    const row = await this.routes.findVersion(scope, routeId, version);
    if (!row) throw notFound('Route version');
    return { ...toVersionSummary(row), route: toSnapshotView(row, parseSnapshot(row.snapshot)) };
  }

  async restore(
    scope: RouteScope,
    actor: AuditActor,
    routeId: string,
    version: number,
    input: RestoreRouteVersionRequest,
  ): Promise<RouteView> {
    const route = await this.history
      .commit(scope, actor, async (tx) => {
        const target = await this.routes.findVersion(scope, routeId, version, tx);
        if (!target) throw notFound('Route version');
        const snapshot = parseSnapshot(target.snapshot);
        const before = await this.routes.findForUpdate(tx, scope, routeId);
        const next = (before?.version ?? (await this.routes.latestVersionNumber(tx, scope, routeId))) + 1;
        const fields = fieldsOf(snapshot, next);
        const deployments = this.unsealable(snapshot);
        const after = before
          ? await this.routes.update(tx, scope, routeId, fields, deployments)
          : await this.routes.create(tx, scope, routeId, fields, deployments);
        return {
          action: 'restored',
          route: after,
          version: next,
          before,
          comment: input.comment,
          restoredFromVersion: version,
        };
      })
      .catch((error: unknown) => {
        // The alias was taken meanwhile by another route, or a concurrent restore recreated the route first.
        if (isUniqueViolation(error))
          throw conflict(`Version ${version} cannot be restored: its alias or the route id is in use now.`);
        throw error;
      });
    return toRouteView(route);
  }

  private unsealable(snapshot: RouteSnapshot): DeploymentRow[] {
    try {
      return restoredDeployments(snapshot.deployments, this.sealer);
    } catch {
      throw conflict(
        'A credential of this version was sealed under a master key that is no longer configured; restore a later version or set the credential again.',
      );
    }
  }
}

function fieldsOf(snapshot: RouteSnapshot, version: number): RouteFields {
  return {
    alias: snapshot.alias,
    strategy: snapshot.strategy,
    description: snapshot.description,
    enabled: snapshot.enabled,
    config: (snapshot.config ?? {}) as Prisma.InputJsonValue,
    version,
  };
}
