import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@llmguard/db';
import type { CredentialSealer } from '@llmguard/server';
import {
  newId,
  type CreateRouteRequest,
  type RouteConfig,
  type RouteView,
  type UpdateRouteRequest,
} from '@llmguard/shared';
import type { AuditActor } from '../audit-log/audit-log.writer';
import { conflict, notFound } from '../common/errors';
import { toPage, type PageRequest } from '../common/pagination';
import { isUniqueViolation } from '../common/prisma-errors';
import { CREDENTIAL_SEALER } from './credential-sealer.provider';
import { planDeployments } from './deployment-plan';
import { RouteHistory } from './route-history';
import type { RouteScope } from './route-scope';
import type { RouteWithDeployments } from './route-snapshot';
import { toRouteView } from './route.view';
import { RoutesRepository } from './routes.repository';

/** A taken alias (the unique index on tenant and alias, or the platform's partial one). */
export function aliasTaken(alias: string): never {
  throw conflict(`A route with the alias "${alias}" already exists here.`);
}

/**
 * The stored route config (`{ timeouts?, ...strategy settings }`) after a change: given timeouts replace the current
 * ones (null removes them), given strategy settings replace the current settings as a whole; the rest is kept.
 */
function configWith(
  stored: unknown,
  timeouts: UpdateRouteRequest['timeouts'],
  settings: RouteConfig | undefined,
): Prisma.InputJsonValue {
  const current: Record<string, unknown> =
    stored && typeof stored === 'object' ? { ...(stored as Record<string, unknown>) } : {};
  const next: Record<string, unknown> = settings ? { ...settings } : { ...current };
  delete next.timeouts;
  const keptTimeouts = timeouts === undefined ? current.timeouts : timeouts;
  if (keptTimeouts !== undefined && keptTimeouts !== null) next.timeouts = keptTimeouts;
  return next as Prisma.InputJsonValue;
}

/**
 * Model routes of one scope: create, read, change, delete. Each change is one transaction holding the route row, a
 * new version and an audit entry, and is pushed to every gateway once committed.
 */
@Injectable()
export class RoutesService {
  constructor(
    @Inject(CREDENTIAL_SEALER) private readonly sealer: CredentialSealer,
    private readonly routes: RoutesRepository,
    private readonly history: RouteHistory,
  ) {}

  async list(scope: RouteScope, page: PageRequest) {
    const rows = await this.routes.list(scope, page);
    return toPage(rows, page, toRouteView, (row) => row.id);
  }

  async get(scope: RouteScope, routeId: string): Promise<RouteView> {
    const route = await this.routes.find(scope, routeId);
    if (!route) throw notFound('Route');
    return toRouteView(route);
  }

  async create(scope: RouteScope, actor: AuditActor, input: CreateRouteRequest): Promise<RouteView> {
    const routeId = newId('rte');
    const fields = {
      alias: input.alias,
      strategy: input.strategy,
      description: input.description,
      enabled: input.enabled,
      config: configWith({}, input.timeouts, input.config),
      version: 1,
    };
    const route = await this.history
      .commit(scope, actor, async (tx) => {
        const deployments = planDeployments(input.deployments, [], this.sealer);
        const created = await this.routes.create(tx, scope, routeId, fields, deployments);
        return { action: 'created', route: created, version: 1, before: null, comment: input.comment };
      })
      .catch((error: unknown) =>
        isUniqueViolation(error) ? aliasTaken(input.alias) : Promise.reject(error),
      );
    return toRouteView(route);
  }

  async update(
    scope: RouteScope,
    actor: AuditActor,
    routeId: string,
    input: UpdateRouteRequest,
  ): Promise<RouteView> {
    const route = await this.history
      .commit(scope, actor, async (tx) => {
        const before = await this.lockedRoute(tx, scope, routeId, input.expectedVersion);
        const version = before.version + 1;
        const deployments =
          input.deployments && planDeployments(input.deployments, before.deployments, this.sealer);
        const after = await this.routes.update(
          tx,
          scope,
          routeId,
          {
            alias: input.alias ?? before.alias,
            strategy: input.strategy ?? before.strategy,
            description: input.description === undefined ? before.description : input.description,
            enabled: input.enabled ?? before.enabled,
            config: configWith(before.config, input.timeouts, input.config),
            version,
          },
          deployments,
        );
        return { action: 'updated', route: after, version, before, comment: input.comment };
      })
      .catch((error: unknown) =>
        isUniqueViolation(error) ? aliasTaken(input.alias ?? '') : Promise.reject(error),
      );
    return toRouteView(route);
  }

  /** Deletes the route and its deployments; the history stays, ending with a `deleted` version. */
  async delete(scope: RouteScope, actor: AuditActor, routeId: string, comment?: string): Promise<void> {
    await this.history.commit(scope, actor, async (tx) => {
      const before = await this.lockedRoute(tx, scope, routeId);
      await this.routes.delete(tx, scope, routeId);
      return { action: 'deleted', route: before, version: before.version + 1, before, comment };
    });
  }

  private async lockedRoute(
    tx: Prisma.TransactionClient,
    scope: RouteScope,
    routeId: string,
    expectedVersion?: number,
  ): Promise<RouteWithDeployments> {
    const route = await this.routes.findForUpdate(tx, scope, routeId);
    if (!route) throw notFound('Route');
    if (expectedVersion !== undefined && route.version !== expectedVersion)
      throw conflict(
        `The route is at version ${route.version}, not ${expectedVersion}: someone changed it in between. Reload and apply your change again.`,
      );
    return route;
  }
}
