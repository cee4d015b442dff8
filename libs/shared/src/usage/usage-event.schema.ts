import { z } from 'zod';

/** Name of the Redis stream the gateway appends usage events to (after the key prefix). */
export const USAGE_STREAM_KEY = 'usage:events';

const tokenCount = z.number().int().min(0);

/**
 * One usage event per request id: what the gateway metered for one upstream call. Versioned so the
 * billing worker can read old events after a deploy. Holds no prompt or response text.
 */
export const usageEventV1Schema = z.object({
  v: z.literal(1),
  requestId: z.string().min(1),
  tenantId: z.string().min(1),
  apiKeyId: z.string().min(1),
  endUser: z.string().max(256).nullable(),
  /** The model alias the client asked for; empty when the request named none (it was refused). */
  model: z.string().max(256),
  deploymentId: z.string().nullable(),
  provider: z.string().nullable(),
  inputTokens: tokenCount,
  outputTokens: tokenCount,
  cachedInputTokens: tokenCount,
  /** Whether the token counts came from the upstream or from our own tokenizer. */
  tokenSource: z.enum(['upstream', 'estimated']),
  costMicros: z.number().int().min(0),
  latencyMs: z.number().int().min(0),
  ttftMs: z.number().int().min(0).nullable(),
  status: z.number().int(),
  outcome: z.enum(['success', 'client_error', 'upstream_error', 'client_disconnected', 'rejected']),
  cacheHit: z.enum(['none', 'exact', 'semantic']),
  stream: z.boolean(),
  occurredAt: z.iso.datetime(),
});

export type UsageEventV1 = z.infer<typeof usageEventV1Schema>;
