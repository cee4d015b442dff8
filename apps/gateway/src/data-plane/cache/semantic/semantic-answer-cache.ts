import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { newId, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../../config';
import { ThrottledWarning } from '../throttled-warning';
import type { RequestContext } from '../../pipeline/request-context';
import { isServable, readCachedAnswer, type CachedAnswerEntry } from '../answers/cached-answer';
import type { CacheableRequest } from '../cacheable-request';
import type { RequestCacheSettings, SemanticCacheUse } from '../cache-settings';
import { PromptEmbedder } from './prompt-embedder';
import { mismatchOf, readSignature, signatureOf } from './prompt-signature';
import { semanticPromptOf, type SemanticPrompt } from './semantic-prompt';

// Nearest neighbours read per lookup: the best one may fail the match check while the next passes.
const CANDIDATES = 3;

/**
 * Nearest earlier questions of the same tenant, model and conversation context, by cosine distance over the HNSW
 * index. `hnsw.ef_search` comes from SEMANTIC_CACHE_EF_SEARCH; `hnsw.iterative_scan` keeps scanning the index until
 * enough rows pass the filter (pgvector 0.8), so one tenant's lookups are not starved by another's entries.
 * Exported for bench/semantic-lookup.mjs, which times this very statement.
 */
export const SEMANTIC_NEAREST_SQL = `
  SELECT id, response, prompt_signature, 1 - (embedding <=> $4::vector) AS similarity
  FROM semantic_cache_entries
  WHERE tenant_id = $1 AND model = $2 AND context_hash = $3 AND expires_at > now()
  ORDER BY embedding <=> $4::vector
  LIMIT ${CANDIDATES}`;

/** One entry per (tenant, model, exact prompt): a newer answer to the same prompt replaces the older one. */
const UPSERT_SQL = `
  INSERT INTO semantic_cache_entries
    (id, tenant_id, model, prompt_hash, prompt_text, embedding, context_hash, prompt_signature, response, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6::vector, $7, $8, $9, $10)
  ON CONFLICT (tenant_id, model, prompt_hash) DO UPDATE SET
    prompt_text = EXCLUDED.prompt_text, embedding = EXCLUDED.embedding, context_hash = EXCLUDED.context_hash,
    prompt_signature = EXCLUDED.prompt_signature, response = EXCLUDED.response, expires_at = EXCLUDED.expires_at,
    created_at = now()`;

const RECORD_HIT_SQL = `UPDATE semantic_cache_entries SET hits = hits + 1, last_hit_at = now() WHERE id = $1`;

type NearestRow = { id: string; response: unknown; prompt_signature: unknown; similarity: number };

/**
 * The semantic cache in Postgres (pgvector): a request's last user turn is embedded (PromptEmbedder) and matched
 * against earlier ones of the same tenant, model and context above the policy's similarity threshold; then, unless
 * the policy turns it off, the match check (prompt-signature.ts) refuses pairs that differ in negation, numbers,
 * opposite terms or key terms. A lookup has SEMANTIC_CACHE_TIMEOUT_MS in all (embedding included): past it, or on any
 * failure, it is a miss. Entries hold no prompt text unless the policy's storePromptText allows it.
 */
@Injectable()
export class SemanticAnswerCache implements OnModuleDestroy {
  private readonly warning = new ThrottledWarning(SemanticAnswerCache.name);
  private readonly pool: pg.Pool;
  private readonly timeoutMs: number;
  /** A request's question embedding, made once for its lookup and reused to store its answer. */
  private readonly embeddings = new WeakMap<CacheableRequest, Promise<Float32Array>>();

  constructor(
    private readonly embedder: PromptEmbedder,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.timeoutMs = env.SEMANTIC_CACHE_TIMEOUT_MS;
    this.pool = new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: 4,
      application_name: 'llmguard-gateway-semantic-cache',
      options: semanticLookupOptions(env.SEMANTIC_CACHE_EF_SEARCH),
      statement_timeout: env.SEMANTIC_CACHE_TIMEOUT_MS,
      connectionTimeoutMillis: env.SEMANTIC_CACHE_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
    });
    // A pooled connection that dies while idle is replaced; without a listener the error would end the process.
    this.pool.on('error', (error) => this.warning.warn(`semantic cache connection failed: ${String(error)}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  /** The closest fresh answer that passes the threshold and the match check, or undefined. */
  async find(
    context: RequestContext,
    request: CacheableRequest,
    use: SemanticCacheUse,
    maxAgeSeconds: number | undefined,
  ): Promise<CachedAnswerEntry | undefined> {
    const tenantId = context.apiKey?.tenantId;
    const prompt = semanticPromptOf(request.canonical, context.model);
    if (!tenantId || !prompt) return undefined;
    try {
      const rows = await withinMs(this.timeoutMs, async () => {
        const vector = await this.embeddingOf(tenantId, request, prompt, use.embeddingModel);
        const result = await this.pool.query<NearestRow>(SEMANTIC_NEAREST_SQL, [
          tenantId,
          context.model,
          prompt.contextHash,
          toVectorLiteral(vector),
        ]);
        return result.rows;
      });
      const hit = this.bestMatch(rows, prompt, use, maxAgeSeconds);
      if (hit)
        void this.pool
          .query(RECORD_HIT_SQL, [hit.id])
          .catch((error) => this.warning.warn(`semantic cache hit count failed: ${String(error)}`));
      return hit?.entry;
    } catch (error) {
      this.warning.warn(`semantic cache lookup failed: ${String(error)}`);
      return undefined;
    }
  }

  /** Stores a complete answer under the request's question; failures only cost a future hit. */
  async store(
    context: RequestContext,
    request: CacheableRequest,
    settings: Pick<RequestCacheSettings, 'storePromptText'> & { semantic: SemanticCacheUse | null },
    entry: CachedAnswerEntry,
  ): Promise<void> {
    const tenantId = context.apiKey?.tenantId;
    const prompt = semanticPromptOf(request.canonical, context.model);
    if (!tenantId || !prompt || !settings.semantic) return;
    try {
      const vector = await this.embeddingOf(tenantId, request, prompt, settings.semantic.embeddingModel);
      await this.pool.query(UPSERT_SQL, [
        newId('sce'),
        tenantId,
        context.model,
        request.hash,
        settings.storePromptText ? prompt.question : null,
        toVectorLiteral(vector),
        prompt.contextHash,
        JSON.stringify(signatureOf(prompt.question)),
        JSON.stringify(entry),
        new Date(entry.freshUntilMs),
      ]);
    } catch (error) {
      this.warning.warn(`semantic cache store failed: ${String(error)}`);
    }
  }

  private bestMatch(
    rows: readonly NearestRow[],
    prompt: SemanticPrompt,
    use: SemanticCacheUse,
    maxAgeSeconds: number | undefined,
  ): { id: string; entry: CachedAnswerEntry } | undefined {
    const question = use.verifyMatch ? signatureOf(prompt.question) : undefined;
    // The iterative index scan returns rows in relaxed order: the few candidates are put in order here.
    const nearestFirst = [...rows].sort((a, b) => b.similarity - a.similarity);
    for (const row of nearestFirst) {
      if (row.similarity < use.similarityThreshold) return undefined;
      if (question) {
        const cached = readSignature(row.prompt_signature);
        if (!cached || mismatchOf(question, cached)) continue;
      }
      const entry = readCachedAnswer(row.response);
      if (entry && isServable(entry, Date.now(), maxAgeSeconds)) return { id: row.id, entry };
    }
    return undefined;
  }

  private embeddingOf(
    tenantId: string,
    request: CacheableRequest,
    prompt: SemanticPrompt,
    embeddingModel: string | undefined,
  ): Promise<Float32Array> {
    let embedding = this.embeddings.get(request);
    if (!embedding) {
      embedding = this.embedder.embed(tenantId, prompt.question, embeddingModel);
      this.embeddings.set(request, embedding);
    }
    return embedding;
  }
}

/** The session settings of the lookup connections (also used by the benchmark). */
export function semanticLookupOptions(efSearch: number): string {
  return `-c hnsw.ef_search=${efSearch} -c hnsw.iterative_scan=relaxed_order`;
}

/** pgvector's text form of a vector: `[0.1,0.2,…]`. */
export function toVectorLiteral(vector: Float32Array): string {
  return `[${Array.from(vector).join(',')}]`;
}

/** The work's result, or a rejection once `ms` have passed (the work itself is not cancelled). */
function withinMs<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work(), timeout]).finally(() => clearTimeout(timer));
}
