import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../../config';
import { ThrottledWarning } from '../throttled-warning';
import { fromBase64, toBase64 } from './embeddings-request';

/** A cached embedding: the vector, and the tokens its text cost when it was embedded (billed per the policy). */
export type CachedVector = { vector: Float32Array; tokens: number };

/** Which vectors: the tenant (never shared across tenants), the upstream model that made them, their size. */
export type VectorSpace = { tenantId: string; upstreamModel: string; dimensions: number | undefined };

/**
 * The embedding cache: one Redis string per (tenant, upstream model, dimensions, SHA-256 of the input text), holding
 * `<tokens>:<base64 float32 vector>`. Keyed by the deployment's upstream model rather than the alias, so vectors of
 * two models never mix when a route changes. Reads are one MGET per request, writes one pipeline; Redis failures are
 * misses (logged at most once a minute).
 */
@Injectable()
export class EmbeddingVectorStore {
  private readonly warning = new ThrottledWarning(EmbeddingVectorStore.name);
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.prefix = `${env.REDIS_KEY_PREFIX}cache:embed:`;
  }

  /** The cached vector of each text, or undefined where there is none. */
  async getMany(space: VectorSpace, texts: readonly string[]): Promise<(CachedVector | undefined)[]> {
    try {
      const stored = await this.redis.mget(texts.map((text) => this.keyOf(space, text)));
      return stored.map(readVector);
    } catch (error) {
      this.warning.warn(`embedding cache read failed, serving as a miss: ${String(error)}`);
      return texts.map(() => undefined);
    }
  }

  async putMany(
    space: VectorSpace,
    entries: readonly { text: string; cached: CachedVector }[],
    ttlSeconds: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { text, cached } of entries) {
      pipeline.set(this.keyOf(space, text), `${cached.tokens}:${toBase64(cached.vector)}`, 'EX', ttlSeconds);
    }
    try {
      await pipeline.exec();
    } catch (error) {
      this.warning.warn(`embedding cache write failed, the vectors are not stored: ${String(error)}`);
    }
  }

  private keyOf(space: VectorSpace, text: string): string {
    const hash = createHash('sha256')
      .update(`${space.upstreamModel}\u0000${space.dimensions ?? ''}\u0000${text}`)
      .digest('hex');
    return `${this.prefix}{${space.tenantId}}:${hash}`;
  }
}

function readVector(stored: string | null): CachedVector | undefined {
  if (stored === null) return undefined;
  const separator = stored.indexOf(':');
  const tokens = Number(stored.slice(0, separator));
  if (separator < 1 || !Number.isSafeInteger(tokens)) return undefined;
  return { tokens, vector: fromBase64(stored.slice(separator + 1)) };
}
