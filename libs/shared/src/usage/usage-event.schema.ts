import { z } from 'zod';

/** Name of the Redis stream the gateway appends usage events to (after the key prefix). */
export const USAGE_STREAM_KEY = 'usage:events';

const tokenCount = z.number().int().min(0);

/**
 * What the input guardrails found and did in one request: counts per kind and the action taken, never a value.
 * Absent when the tenant's policy has no guardrail on (and in events written before guardrails existed).
 */
export const guardrailSummarySchema = z.object({
  /** Personal data found in the prompt, per kind (`email`, `credit_card`…). */
  piiFound: z.record(z.string(), tokenCount),
  /** The action the policy took per kind found: detect, mask, redact or block. */
  piiActions: z.record(z.string(), z.enum(['detect', 'mask', 'redact', 'block'])),
  /** The prompt-injection score (0–1) of the user and tool texts; null when injection scoring is off. */
  injectionScore: z.number().min(0).max(1).nullable(),
  /** The score reached the policy's threshold (flagged, or blocked). */
  injectionFlagged: z.boolean(),
  /** Whether the classifier model was asked and answered; absent when it was not asked. */
  injectionClassifier: z.enum(['scored', 'unavailable']).optional(),
  /**
   * The guardrail that refused the request, if one did. `content_filter` with `outputCategoriesFlagged` set is a
   * completion the moderation model refused (the prompt had passed).
   */
  blockedBy: z.enum(['pii', 'prompt_injection', 'content_filter']).nullable(),
  /** Blocked terms (contentFilter.blockedTerms) found in the user and tool texts of the prompt. */
  termHits: tokenCount.optional(),
  /** Blocked content categories the moderation model found in the prompt. */
  categoriesFlagged: z.array(z.string()).optional(),
  /** Blocked terms found in the completion. */
  outputTermHits: tokenCount.optional(),
  /** Personal data found in the completion, per kind (when the policy scans output). */
  outputPiiFound: z.record(z.string(), tokenCount).optional(),
  /** The action taken per kind found in the completion: detect, or mask (mask, redact and block all mask output). */
  outputPiiActions: z.record(z.string(), z.enum(['detect', 'mask', 'redact', 'block'])).optional(),
  /** Blocked content categories the moderation model found in the completion (contentFilter.moderateOutput). */
  outputCategoriesFlagged: z.array(z.string()).optional(),
  /** Whether the moderation model was asked about the completion and answered; absent when it was not asked. */
  outputModeration: z.enum(['moderated', 'unavailable']).optional(),
});

export type GuardrailSummary = z.infer<typeof guardrailSummarySchema>;

/**
 * One usage event per request id: what the gateway metered for one upstream call. Versioned so the
 * billing worker can read old events after a deploy. Holds no prompt or response text. A fan-out request makes
 * several calls: each has its own event, whose requestId is the request's id plus `:<n>` (the model's position in
 * the fan-out, from 1), so the worker's de-duplication on request_id bills each call once.
 *
 * Version 1 is frozen: events of it may still sit in the stream (or a gateway's spool) after a deploy, and readers
 * accept it through {@link usageEventSchema}. The gateway writes {@link usageEventV2Schema}.
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
  guardrails: guardrailSummarySchema.optional(),
});

export type UsageEventV1 = z.infer<typeof usageEventV1Schema>;

/**
 * Version 2 adds the A/B variant: which route and which of its deployments answered, so usage can be compared per
 * variant (control plane: a route's variants report). Both are null when no deployment answered (refused before
 * routing, or served from cache).
 */
export const usageEventV2Schema = usageEventV1Schema.extend({
  v: z.literal(2),
  /** The route (`rte_…`) of the deployment that answered: the fallback model's route for a degraded request. */
  routeId: z.string().max(64).nullable(),
  /**
   * That deployment's name at the time (the variant's label); `deploymentId` stays the stable key, the name keeps a
   * report readable after the deployment is renamed or removed.
   */
  variant: z.string().max(256).nullable(),
});

export type UsageEventV2 = z.infer<typeof usageEventV2Schema>;

/** The usage event as the gateway writes it now and as readers get it. */
export type UsageEvent = UsageEventV2;

/**
 * Reads an event of any version and upgrades it to the current one (fields a version lacked are null), so a reader
 * deployed before the gateways keeps storing what older gateways wrote. A version it does not know fails, and the
 * billing worker dead-letters it: deploy readers before writers.
 */
export const usageEventSchema = z
  .discriminatedUnion('v', [usageEventV1Schema, usageEventV2Schema])
  .transform((event): UsageEvent =>
    event.v === 2 ? event : { ...event, v: 2, routeId: null, variant: null },
  );
