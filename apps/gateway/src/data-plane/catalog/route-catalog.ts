import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { createCredentialCipher, type CredentialCipher } from '@llmguard/server';
import type { GatewayEnv, TokenPrices } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import { resolveTimeouts, type UpstreamTimeouts } from '../../clients/upstream-pool';
import { TtlCache } from './ttl-cache';

export type ProviderId = 'openai' | 'anthropic' | 'azure_openai' | 'gemini';

/** A deployment as the data plane uses it: credential decrypted, prices as numbers. */
export type ResolvedDeployment = {
  id: string;
  name: string;
  provider: ProviderId;
  baseUrl: string;
  upstreamModel: string;
  weight: number;
  priority: number;
  tags: string[];
  prices: TokenPrices;
  credential: string | null;
  apiVersion: string | null;
  timeouts: UpstreamTimeouts;
};

export type ResolvedRoute = {
  id: string;
  alias: string;
  strategy: string;
  deployments: ResolvedDeployment[];
};

const ROUTE_TTL_MS = 30_000;

/**
 * Model routes visible to a tenant: its own routes first, then platform-wide ones (tenantId null)
 * under aliases it has not overridden. Cached per tenant in memory.
 */
@Injectable()
export class RouteCatalog {
  private readonly cache = new TtlCache<Map<string, ResolvedRoute>>(10_000);
  private readonly cipher: CredentialCipher;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.cipher = createCredentialCipher(env.CREDENTIAL_ENCRYPTION_KEY);
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
    const rows = await this.prisma.modelRoute.findMany({
      where: { OR: [{ tenantId }, { tenantId: null }] },
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
        deployments: row.deployments.map((deployment) => ({
          id: deployment.id,
          name: deployment.name,
          provider: deployment.provider as ProviderId,
          baseUrl: deployment.baseUrl.replace(/\/+$/, ''),
          upstreamModel: deployment.upstreamModel,
          weight: deployment.weight,
          priority: deployment.priority,
          tags: deployment.tags,
          prices: {
            inputMicrosPerMillion: Number(deployment.inputPriceMicrosPerMillion),
            outputMicrosPerMillion: Number(deployment.outputPriceMicrosPerMillion),
            cachedInputMicrosPerMillion: Number(deployment.cachedInputPriceMicrosPerMillion),
          },
          credential: deployment.encryptedCredential
            ? this.cipher.decrypt(deployment.encryptedCredential)
            : null,
          apiVersion: deployment.apiVersion,
          timeouts: resolveTimeouts(row.config, deployment.timeouts),
        })),
      });
    }
    this.cache.set(tenantId, routes, ROUTE_TTL_MS);
    return routes;
  }
}
