import { Injectable } from '@nestjs/common';
import { routeStrategySchema, type RouteVariantsQuery, type RouteVariantsResponse } from '@llmguard/shared';
import { notFound } from '../common/errors';
import type { RouteScope } from './route-scope';
import {
  RouteVariantsRepository,
  type VariantUsage,
  type VariantUsageScope,
} from './route-variants.repository';
import { buildVariantsReport } from './route-variants.report';
import { RoutesRepository } from './routes.repository';

/**
 * A route's A/B report: how each deployment did over a range (usage events carry the deployment that answered and
 * the route it belongs to), beside the weights the route gives them now. A tenant reads its own routes' reports over
 * its own traffic; a platform admin reads a platform route's over every tenant's.
 */
@Injectable()
export class RouteVariantsService {
  constructor(
    private readonly routes: RoutesRepository,
    private readonly usage: RouteVariantsRepository,
  ) {}

  async report(
    scope: RouteScope,
    routeId: string,
    query: RouteVariantsQuery,
  ): Promise<RouteVariantsResponse> {
    // Another tenant's route, or a platform route from a tenant path, is not found: the same 404 as a missing one.
    const route = await this.routes.find(scope, routeId);
    if (!route) throw notFound('Route');
    const range: VariantUsageScope = { scope, routeId, from: new Date(query.from), to: new Date(query.to) };
    const usage = await this.usage.usageByDeployment(range);
    const onRoute = new Set(route.deployments.map((deployment) => deployment.id));
    const latestNames = await this.latestNamesOfRenamed(
      range,
      usage.filter((variant) => !onRoute.has(variant.deploymentId)),
    );
    // Strategies are text in the database; an unknown one shows as `weighted`, as in route views.
    const strategy = routeStrategySchema.catch('weighted').parse(route.strategy);
    return {
      routeId: route.id,
      alias: route.alias,
      strategy,
      from: query.from,
      to: query.to,
      ...buildVariantsReport(route.deployments, usage, latestNames),
    };
  }

  /** Removed deployments that recorded several names: which one they answered under last (rare; one row each). */
  private async latestNamesOfRenamed(
    range: VariantUsageScope,
    removed: readonly VariantUsage[],
  ): Promise<Map<string, string>> {
    const renamed = removed.filter((variant) => variant.recordedNames.length > 1);
    const names = await Promise.all(
      renamed.map(async (variant) => {
        const name = await this.usage.latestRecordedName(range, variant.deploymentId);
        return [variant.deploymentId, name] as const;
      }),
    );
    return new Map(names.filter((entry): entry is readonly [string, string] => entry[1] !== null));
  }
}
