import { z } from 'zod';

/** Name of the Redis stream the gateway appends usage events to (after the key prefix). */
export const USAGE_STREAM_KEY = 'usage:events';

const tokenCount = z.number().int().min(0);

/**
 * One usage event per request id: what the gateway metered for one upstream call. Versioned so the
 * billing worker can read old events after a deploy. Holds no prompt or response text. A fan-out request makes
 * several calls: each has its own event, whose requestId is the request's id plus `:<n>` (the model's position in
 * the fan-out, from 1), so the worker's de-duplication on request_id bills each call once.
 */
export const usageEventV1Schema = z.object({
  v: z.literal(1),
  requestId: z.string().min(1),
  tenantId: z.string().min(1),
  apiKeyId: z.string().min(1),
  endUser: z.string().max(256).nullable(),
  /**
   * The model alias that served the request: the one the client asked for, or the policy's fallback model when
   * the request was degraded to it (then `degradedFrom` holds the one asked for). Empty when the request named none.
   */
  model: z.string().max(256),
  /** Set when routing.degradation sent the request to its fallback model: the alias the client asked for. */
  degradedFrom: z.string().max(256).nullish(),
  deploymentId: z.string().nullable(),
  provider: z.string().nullable(),
  inputTokens: tokenCount,
  outputTokens: tokenCount,
  cachedInputTokens: tokenCount,
  /** Whether the token counts came from the upstream or from our own tokenizer. */
  tokenSource: z.enum(['upstream', 'estimated']),
  /** What the request is billed: upstream tokens at full price, cache-served tokens at cachePricePercent. */
  costMicros: z.number().int().min(0),
  latencyMs: z.number().int().min(0),
  ttftMs: z.number().int().min(0).nullable(),
  status: z.number().int(),
  outcome: z.enum(['success', 'client_error', 'upstream_error', 'client_disconnected', 'rejected']),
  /** The gateway's own cache answered the request (no upstream call): `exact` or `semantic`. */
  cacheHit: z.enum(['none', 'exact', 'semantic']),
  /**
   * Tokens the gateway's caches served instead of an upstream: a cached answer's own usage, or the cached inputs of
   * an embeddings request. Apart from inputTokens/outputTokens, which count upstream tokens only. Absent = 0.
   */
  cacheHitInputTokens: tokenCount.optional(),
  cacheHitOutputTokens: tokenCount.optional(),
  /** Percent of the full price the cache-served tokens are billed at (policy cache.hitPricePercent). */
  cachePricePercent: z.number().int().min(0).max(100).nullish(),
  /** Full price of the cache-served tokens minus what they are billed: the tenant's saving. Absent = 0. */
  cacheSavedCostMicros: z.number().int().min(0).optional(),
  stream: z.boolean(),
  occurredAt: z.iso.datetime(),
});

export type UsageEventV1 = z.infer<typeof usageEventV1Schema>;
