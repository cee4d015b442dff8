import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';
import { TtlCache } from './ttl-cache';

/** What the data plane knows about the key of a request. */
export type AuthenticatedKey = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  scopes: string[];
  /** Empty means every model. */
  allowedModels: string[];
  expiresAt: Date | null;
};

const FOUND_TTL_MS = 30_000;
// Unknown hashes are remembered briefly so a flood of bad keys cannot turn into a flood of queries.
const MISSING_TTL_MS = 5_000;

/**
 * Resolves a key hash to its tenant. Served from memory; Postgres is read only on a cache miss.
 * Revocation reaches every instance within FOUND_TTL_MS (pub/sub invalidation comes with the
 * control plane).
 */
@Injectable()
export class KeyCatalog {
  private readonly cache = new TtlCache<AuthenticatedKey | null>(100_000);

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async findActiveByHash(hash: string): Promise<AuthenticatedKey | null> {
    const cached = this.cache.get(hash);
    if (cached !== undefined) return isUsable(cached) ? cached : null;
    const row = await this.prisma.apiKey.findUnique({
      where: { hash },
      include: { tenant: { select: { slug: true, status: true } } },
    });
    const key: AuthenticatedKey | null =
      row && row.revokedAt === null && row.kind === 'data_plane' && row.tenant.status === 'active'
        ? {
            id: row.id,
            tenantId: row.tenantId,
            tenantSlug: row.tenant.slug,
            scopes: row.scopes,
            allowedModels: row.allowedModels,
            expiresAt: row.expiresAt,
          }
        : null;
    this.cache.set(hash, key, key ? FOUND_TTL_MS : MISSING_TTL_MS);
    return isUsable(key) ? key : null;
  }

  invalidate(hash: string): void {
    this.cache.delete(hash);
  }
}

function isUsable(key: AuthenticatedKey | null): key is AuthenticatedKey {
  return key !== null && (key.expiresAt === null || key.expiresAt.getTime() > Date.now());
}
