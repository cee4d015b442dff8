import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import { invalidationChannel, keyCacheKey, type KeyInvalidation } from '@llmguard/server';
import { apiKeyLimitOverridesSchema, type GatewayEnv } from '@llmguard/shared';
import { PRISMA, KEY_EVENTS_SUBSCRIBER } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import type { KeyLimitOverrides } from '../limits/limit-plan';
import { InvalidationSubscription } from './invalidation-subscription';
import { TtlCache } from './ttl-cache';

/** What the data plane knows about the key of a request. */
export type AuthenticatedKey = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  /**
   * Kept so a suspended tenant's keys get a 403 `tenant_suspended` rather than looking invalid. Absent in entries
   * cached before the field existed, which are as good as active.
   */
  tenantStatus?: 'active' | 'suspended';
  scopes: string[];
  /** Empty means every model. */
  allowedModels: string[];
  /** Epoch milliseconds, or null for keys that never expire. */
  expiresAtMs: number | null;
  /** The key's own limits and budgets (they only tighten the tenant policy); absent = none. */
  limitOverrides?: KeyLimitOverrides;
};

// In-process entries live long: pub/sub invalidation, not expiry, is what makes revocation fast.
const LOCAL_TTL_MS = 60_000;
// Unknown hashes are remembered briefly so a flood of bad keys cannot become a flood of queries.
const LOCAL_MISSING_TTL_MS = 5_000;
const SHARED_TTL_SECONDS = 600;
const MISSING = 'missing';

/**
 * Resolves a key hash to its tenant: in-process cache, then the shared Redis cache, then Postgres
 * only on a cold miss. A revoked key or suspended tenant is dropped from every instance's cache
 * by a pub/sub message from the control plane; if the subscription drops, the local cache is
 * cleared when it comes back, since messages may have been missed.
 */
@Injectable()
export class KeyCatalog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyCatalog.name);
  private readonly local = new TtlCache<AuthenticatedKey | null>(100_000);
  private readonly invalidations: InvalidationSubscription<KeyInvalidation>;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly redis: Redis,
    @Inject(KEY_EVENTS_SUBSCRIBER) subscriber: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.invalidations = new InvalidationSubscription(
      subscriber,
      invalidationChannel(env.REDIS_KEY_PREFIX, 'keys'),
      { drop: (invalidation) => this.drop(invalidation), dropAll: () => this.local.clear() },
    );
  }

  onModuleInit(): Promise<void> {
    return this.invalidations.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.invalidations.stop();
  }

  async findActiveByHash(hash: string): Promise<AuthenticatedKey | null> {
    let key = this.local.get(hash);
    if (key === undefined) {
      key = await this.loadShared(hash);
      this.local.set(hash, key, key ? LOCAL_TTL_MS : LOCAL_MISSING_TTL_MS);
    }
    return key && (key.expiresAtMs === null || key.expiresAtMs > Date.now()) ? key : null;
  }

  private async loadShared(hash: string): Promise<AuthenticatedKey | null> {
    const sharedKey = keyCacheKey(this.env.REDIS_KEY_PREFIX, hash);
    const cached = await this.redis.get(sharedKey).catch((error: unknown) => {
      this.logger.warn(`shared key cache unavailable, reading Postgres: ${String(error)}`);
      return undefined;
    });
    if (cached === MISSING) return null;
    if (cached) return JSON.parse(cached) as AuthenticatedKey;
    const key = await this.loadFromDatabase(hash);
    // Missing keys are not shared: a key created a moment later must work at once.
    if (key)
      await this.redis.set(sharedKey, JSON.stringify(key), 'EX', SHARED_TTL_SECONDS).catch(() => undefined);
    return key;
  }

  private async loadFromDatabase(hash: string): Promise<AuthenticatedKey | null> {
    const row = await this.prisma.apiKey.findUnique({
      where: { hash },
      include: { tenant: { select: { slug: true, status: true } } },
    });
    if (!row || row.revokedAt !== null || row.kind !== 'data_plane' || row.tenant.status === 'deleted')
      return null;
    return {
      id: row.id,
      tenantId: row.tenantId,
      tenantSlug: row.tenant.slug,
      tenantStatus: row.tenant.status,
      scopes: row.scopes,
      allowedModels: row.allowedModels,
      expiresAtMs: row.expiresAt?.getTime() ?? null,
      limitOverrides: apiKeyLimitOverridesSchema.safeParse(row.limitOverrides).data,
    };
  }

  private drop(invalidation: KeyInvalidation): void {
    for (const hash of invalidation.keyHashes ?? []) this.local.delete(hash);
    if (invalidation.tenantId) {
      const tenantId = invalidation.tenantId;
      this.local.deleteWhere((key) => key?.tenantId === tenantId);
    }
  }
}
