import type { CachePolicy } from '@llmguard/shared';
import { headerValue, type RequestContext } from '../pipeline/request-context';

/** Per-request switch: `on` opts one request into the exact and embedding caches, `off` keeps it out of all. */
export const CACHE_SWITCH_HEADER = 'x-llmguard-cache';
/**
 * Says what the caches did: `exact`, `semantic`, `coalesced`, `stale` (served; stale only by degradation), `miss`
 * (the answer is stored once complete), `bypass` (not cacheable); embeddings: `exact`, `partial` or `miss`.
 */
export const CACHE_STATUS_HEADER = 'x-llmguard-cache-status';

export const CACHE_DEFAULTS = Object.freeze({
  exactTtlSeconds: 3_600,
  semanticTtlSeconds: 3_600,
  embeddingsTtlSeconds: 7 * 24 * 3_600,
  similarityThreshold: 0.85,
  maxTemperature: 1,
  hitPricePercent: 0,
});

/** What one request may do with one cache: read an answer from it, and store its own answer in it. */
export type CacheUse = { lookup: boolean; store: boolean; ttlSeconds: number };

export type SemanticCacheUse = CacheUse & {
  similarityThreshold: number;
  /** The tenant's embeddings alias; undefined = the built-in offline embedder. */
  embeddingModel: string | undefined;
  verifyMatch: boolean;
};

/** The caches one request uses, from its tenant's policy and its own headers; null when it uses none. */
export type RequestCacheSettings = {
  exact: CacheUse | null;
  semantic: SemanticCacheUse | null;
  embeddings: CacheUse | null;
  /** `Cache-Control: max-age=N`: only answers stored at most N seconds ago are served. */
  maxAgeSeconds: number | undefined;
  pricePercent: number;
  storePromptText: boolean;
  maxTemperature: number;
  allowTools: boolean;
};

/**
 * Reads the policy's cache section and the request's cache headers. The policy turns each cache on for every
 * eligible request; `x-llmguard-cache: on` turns the exact and embedding caches on for one request (unless the
 * policy's requestOptIn is false) and `off` turns every cache off for it. `Cache-Control` is honoured as RFC 9111
 * reads it for a request: `no-cache` = never answer from a cache (the fresh answer is still stored), `no-store` = never
 * store this request's answer (a stored one may still answer it), `max-age=N` = only answers at most N seconds old.
 */
export function resolveCacheSettings(
  policy: CachePolicy | undefined,
  context: Pick<RequestContext, 'headers'>,
): RequestCacheSettings | null {
  const switched = headerValue(context.headers, CACHE_SWITCH_HEADER)?.trim().toLowerCase();
  if (switched === 'off') return null;
  // The common case (a tenant without a cache section, no opt-in) costs one header read.
  if (!policy && switched !== 'on') return null;
  // A tenant without a cache section may still opt single requests in, with the defaults.
  policy ??= {};
  const optedIn = switched === 'on' && policy.requestOptIn !== false;
  const directives = cacheControl(headerValue(context.headers, 'cache-control'));
  const use = (enabled: boolean | undefined, ttlSeconds: number): CacheUse | null =>
    enabled || optedIn ? { lookup: !directives.noCache, store: !directives.noStore, ttlSeconds } : null;
  const exact = use(policy.exact?.enabled, policy.exact?.ttlSeconds ?? CACHE_DEFAULTS.exactTtlSeconds);
  const semanticUse = policy.semantic?.enabled
    ? use(true, policy.semantic.ttlSeconds ?? CACHE_DEFAULTS.semanticTtlSeconds)
    : null;
  const embeddings = use(
    policy.embeddings?.enabled,
    policy.embeddings?.ttlSeconds ?? CACHE_DEFAULTS.embeddingsTtlSeconds,
  );
  if (!exact && !semanticUse && !embeddings) return null;
  return {
    exact,
    semantic: semanticUse && {
      ...semanticUse,
      similarityThreshold: policy.semantic?.similarityThreshold ?? CACHE_DEFAULTS.similarityThreshold,
      embeddingModel: policy.semantic?.embeddingModel,
      verifyMatch: policy.semantic?.verifyMatch !== false,
    },
    embeddings,
    maxAgeSeconds: directives.maxAgeSeconds,
    pricePercent: policy.hitPricePercent ?? CACHE_DEFAULTS.hitPricePercent,
    storePromptText: policy.storePromptText === true,
    maxTemperature: policy.eligibility?.maxTemperature ?? CACHE_DEFAULTS.maxTemperature,
    allowTools: policy.eligibility?.allowTools === true,
  };
}

type CacheControl = { noCache: boolean; noStore: boolean; maxAgeSeconds: number | undefined };

/** The request directives of a Cache-Control header that concern a cache of answers. */
export function cacheControl(header: string | undefined): CacheControl {
  const directives: CacheControl = { noCache: false, noStore: false, maxAgeSeconds: undefined };
  if (!header) return directives;
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', value] = part.trim().split('=', 2);
    if (name === 'no-cache') directives.noCache = true;
    else if (name === 'no-store') directives.noStore = true;
    else if (name === 'max-age' && value !== undefined && /^\d+$/.test(value.trim())) {
      directives.maxAgeSeconds = Number(value.trim());
    }
  }
  return directives;
}
