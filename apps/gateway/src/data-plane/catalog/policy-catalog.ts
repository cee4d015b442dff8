import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import { invalidationChannel } from '@llmguard/server';
import {
  computeEffectivePolicy,
  GatewayError,
  policyChangeMessageSchema,
  policyDocumentFromColumns,
  type EffectivePolicy,
  type GatewayEnv,
  type PolicyChangeMessage,
} from '@llmguard/shared';
import { KEY_EVENTS_SUBSCRIBER, PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import { compileRoutingRules, type RoutingRules } from '../routing/rules/routing-rules';
import type { ProviderId } from './route-catalog';
import { InvalidationSubscription } from './invalidation-subscription';
import { TtlCache } from './ttl-cache';

/** A tenant's effective policy, with what the request path checks precomputed once per policy change. */
export type TenantPolicy = {
  tierId: string;
  /** The tenant's version in force; null = tier defaults only. */
  version: number | null;
  policy: EffectivePolicy;
  /** routing.allowedProviders as a set; null = every provider. */
  allowedProviders: ReadonlySet<ProviderId> | null;
  /** The regions both routing.allowedRegions and dataResidency.allowedRegions allow; null = neither is set. */
  allowedRegions: AllowedRegions | null;
  /** The routing section's rules, sensitivity and overflow, ready for the route stage. */
  routing: RoutingRules;
};

// Pub/sub, not expiry, is what makes a change apply at once; the TTL only bounds staleness if a message is lost
// without the subscription dropping (or the control plane could not publish).
const LOCAL_TTL_MS = 60_000;

/**
 * Effective policies per tenant in process memory: loaded from Postgres on first use, dropped when the control plane
 * announces a change (a tenant's new version, or a tier's defaults), and all cleared when the subscription comes
 * back after a drop, since messages may have been missed (the KeyCatalog's approach). Reading a loaded policy is a
 * Map lookup.
 */
@Injectable()
export class PolicyCatalog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyCatalog.name);
  private readonly local = new TtlCache<TenantPolicy>(100_000);
  private readonly loading = new Map<string, Promise<TenantPolicy>>();
  private readonly invalidations: InvalidationSubscription<PolicyChangeMessage>;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    // The key catalog's subscriber connection: one subscribed connection serves every channel.
    @Inject(KEY_EVENTS_SUBSCRIBER) subscriber: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.invalidations = new InvalidationSubscription(
      subscriber,
      invalidationChannel(env.REDIS_KEY_PREFIX, 'policies'),
      {
        read: (value) => policyChangeMessageSchema.safeParse(value).data,
        drop: (change) => this.drop(change),
        dropAll: () => this.local.clear(),
      },
    );
  }

  onModuleInit(): Promise<void> {
    return this.invalidations.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.invalidations.stop();
  }

  /** The hot-path read; undefined until the tenant's policy is loaded (then call `load`). */
  cached(tenantId: string): TenantPolicy | undefined {
    return this.local.get(tenantId);
  }

  /** Loads a tenant's policy from Postgres, once per tenant however many requests wait for it. */
  load(tenantId: string): Promise<TenantPolicy> {
    let pending = this.loading.get(tenantId);
    if (!pending) {
      // A load that a change overtook is not cached: it may have read the old version.
      const generation = this.invalidations.generation;
      pending = this.loadFromDatabase(tenantId)
        .then((policy) => {
          if (generation === this.invalidations.generation) this.local.set(tenantId, policy, LOCAL_TTL_MS);
          return policy;
        })
        .finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, pending);
    }
    return pending;
  }

  private async loadFromDatabase(tenantId: string): Promise<TenantPolicy> {
    try {
      const tenant = await this.prisma.tenant.findUnique({
        where: { id: tenantId },
        select: { tierId: true, currentPolicyVersion: true, tier: { select: { policyDefaults: true } } },
      });
      if (!tenant) return toTenantPolicy('', null, {});
      const version =
        tenant.currentPolicyVersion === null
          ? null
          : await this.prisma.tenantPolicy.findUnique({
              where: { tenantId_version: { tenantId, version: tenant.currentPolicyVersion } },
            });
      const tierDefaults = tenant.tier.policyDefaults;
      const effective = computeEffectivePolicy(
        tierDefaults ? policyDocumentFromColumns(tierDefaults) : {},
        version ? policyDocumentFromColumns(version) : null,
      );
      return toTenantPolicy(tenant.tierId, tenant.currentPolicyVersion, effective);
    } catch (error) {
      // Without its policy a request cannot be checked: refuse it (fail closed) rather than guess.
      this.logger.error(`policy of tenant ${tenantId} could not be loaded: ${String(error)}`);
      throw new GatewayError('service_unavailable', {
        publicMessage: 'The gateway could not load your policy. Retry in a moment.',
        internalMessage: `policy load failed for ${tenantId}: ${String(error)}`,
        cause: error,
      });
    }
  }

  private drop(change: PolicyChangeMessage): void {
    if ('tenantId' in change) this.local.delete(change.tenantId);
    else {
      const tierId = change.tierId;
      this.local.deleteWhere((policy) => policy.tierId === tierId);
    }
  }
}

/** Regions a deployment must run in, and the rules that say so (named in the refusal). */
export type AllowedRegions = { regions: ReadonlySet<string>; rules: readonly string[] };

function allowedRegionsOf(policy: EffectivePolicy): AllowedRegions | null {
  const lists: [string, readonly string[]][] = [];
  if (policy.routing?.allowedRegions) lists.push(['routing.allowedRegions', policy.routing.allowedRegions]);
  if (policy.dataResidency?.allowedRegions)
    lists.push(['dataResidency.allowedRegions', policy.dataResidency.allowedRegions]);
  if (lists.length === 0) return null;
  const [first = [], ...others] = lists.map(([, regions]) => regions);
  const regions = first.filter((region) => others.every((list) => list.includes(region)));
  return { regions: new Set(regions), rules: lists.map(([rule]) => rule) };
}

function toTenantPolicy(tierId: string, version: number | null, policy: EffectivePolicy): TenantPolicy {
  const providers = policy.routing?.allowedProviders;
  return {
    tierId,
    version,
    policy,
    allowedProviders: providers ? new Set(providers) : null,
    allowedRegions: allowedRegionsOf(policy),
    routing: compileRoutingRules(policy.routing),
  };
}
