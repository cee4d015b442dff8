import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import {
  credentialSealerFromEnv,
  invalidationChannel,
  type CredentialSealer,
  type RouteInvalidation,
} from '@llmguard/server';
import {
  resolveRouteConfig,
  type GatewayEnv,
  type ResolvedRouteConfig,
  type TokenPrices,
} from '@llmguard/shared';
import { KEY_EVENTS_SUBSCRIBER, PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import { resolveTimeouts, type UpstreamTimeouts } from '../../clients/upstream-pool';
import { InvalidationSubscription } from './invalidation-subscription';
import { TtlCache } from './ttl-cache';

export type ProviderId = 'openai' | 'anthropic' | 'azure_openai' | 'gemini';

/** A deployment as the data plane uses it: credential decrypted, prices as numbers. */
export type ResolvedDeployment = {
  id: string;
  /** The route it belongs to (usage events name it, with the deployment's name, as the A/B variant). */
  routeId: string;
  name: string;
  provider: ProviderId;
  baseUrl: string;
  upstreamModel: string;
  weight: number;
  priority: number;
  /** Where it runs (`eu-west`, `local`), for the policy's allowed regions; null = not said. */
  region: string | null;
  tags: string[];
  prices: TokenPrices;
  credential: string | null;
  apiVersion: string | null;
  timeouts: UpstreamTimeouts;
  /** In flight at once across every instance; null = no ceiling (no queue). */
  maxConcurrentRequests: number | null;
};

export type ResolvedRoute = {
  id: string;
  alias: string;
  strategy: string;
  /** Strategy settings with their defaults filled in. */
  config: ResolvedRouteConfig;
  deployments: ResolvedDeployment[];
};

const ROUTE_TTL_MS = 30_000;

/**
 * Model routes visible to a tenant: its own enabled routes first, then platform-wide ones (tenantId null)
 * under aliases it has not overridden. Cached per tenant in memory. A route change published by the
 * control plane drops the tenant's entry (every entry for a platform route) on every instance; if the
 * subscription drops, the cache is cleared when it comes back, since messages may have been missed.
 */
@Injectable()
export class RouteCatalog implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new TtlCache<Map<string, ResolvedRoute>>(10_000);
  private readonly sealer: CredentialSealer;
  private readonly invalidations: InvalidationSubscription<RouteInvalidation>;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(KEY_EVENTS_SUBSCRIBER) subscriber: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.sealer = credentialSealerFromEnv(env);
    this.invalidations = new InvalidationSubscription(
      subscriber,
      invalidationChannel(env.REDIS_KEY_PREFIX, 'routes'),
      {
        drop: ({ tenantId }) => {
          // A platform route (tenantId null) is part of every tenant's view.
          if (typeof tenantId === 'string') this.cache.delete(tenantId);
          else this.cache.clear();
        },
        dropAll: () => this.cache.clear(),
      },
    );
  }

  onModuleInit(): Promise<void> {
    return this.invalidations.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.invalidations.stop();
  }

  async find(tenantId: string, alias: string): Promise<ResolvedRoute | undefined> {
    return (await this.routesOf(tenantId)).get(alias);
  }

  async list(tenantId: string): Promise<ResolvedRoute[]> {
    return [...(await this.routesOf(tenantId)).values()];
  }

  private async routesOf(tenantId: string): Promise<Map<string, ResolvedRoute>> {
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    // A load that raced an invalidation is not cached: it may hold the old rows.
    const generation = this.invalidations.generation;
    const rows = await this.prisma.modelRoute.findMany({
      where: { enabled: true, OR: [{ tenantId }, { tenantId: null }] },
      include: { deployments: { where: { enabled: true }, orderBy: [{ priority: 'asc' }, { name: 'asc' }] } },
      orderBy: { alias: 'asc' },
    });
    const routes = new Map<string, ResolvedRoute>();
    // Tenant routes win over platform routes of the same alias.
    for (const row of [...rows].sort((a, b) => Number(a.tenantId === null) - Number(b.tenantId === null))) {
      if (routes.has(row.alias)) continue;
      routes.set(row.alias, {
        id: row.id,
        alias: row.alias,
        strategy: row.strategy,
        config: resolveRouteConfig(row.config),
        deployments: row.deployments.map((deployment) => ({
          id: deployment.id,
          routeId: row.id,
          name: deployment.name,
          provider: deployment.provider as ProviderId,
          baseUrl: deployment.baseUrl.replace(/\/+$/, ''),
          upstreamModel: deployment.upstreamModel,
          weight: deployment.weight,
          priority: deployment.priority,
          region: deployment.region,
          tags: deployment.tags,
          prices: {
            inputMicrosPerMillion: Number(deployment.inputPriceMicrosPerMillion),
            outputMicrosPerMillion: Number(deployment.outputPriceMicrosPerMillion),
            cachedInputMicrosPerMillion: Number(deployment.cachedInputPriceMicrosPerMillion),
          },
          credential: deployment.encryptedCredential
            ? this.sealer.open(deployment.encryptedCredential, deployment.id)
            : null,
          apiVersion: deployment.apiVersion,
          timeouts: resolveTimeouts(row.config, deployment.timeouts),
          maxConcurrentRequests: deployment.maxConcurrentRequests,
        })),
      });
    }
    if (generation === this.invalidations.generation) this.cache.set(tenantId, routes, ROUTE_TTL_MS);
    return routes;
  }
}
