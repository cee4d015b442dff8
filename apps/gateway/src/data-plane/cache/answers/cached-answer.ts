import { z } from 'zod';
import {
  FINISH_REASONS,
  type CanonicalChatResponse,
  type FinishReason,
  type TokenPrices,
} from '@llmguard/shared';

/**
 * One answer kept by the answer caches: the canonical response (so it replays in either wire format, as JSON or as
 * SSE), the prices of the deployment that made it (a hit is billed against them), and its age. The same shape is
 * stored in Redis (exact cache) and in semantic_cache_entries.response (semantic cache).
 */
export type CachedAnswerEntry = {
  v: 1;
  response: CanonicalChatResponse;
  prices: TokenPrices | null;
  storedAtMs: number;
  /** Until then the answer is fresh; after it only degradation (every deployment down) may still serve it. */
  freshUntilMs: number;
};

const count = z.number().int().min(0).optional();
const microsPerMillion = z.number().int().min(0);

/** What a stored entry must look like to be served: anything else (an older format, damage) is a miss. */
const cachedAnswerEntrySchema = z.object({
  v: z.literal(1),
  response: z.object({
    id: z.string(),
    model: z.string(),
    content: z.array(
      z.union([
        z.object({ type: z.literal('text'), text: z.string() }),
        z.object({ type: z.literal('tool-call'), id: z.string(), name: z.string(), arguments: z.string() }),
      ]),
    ),
    finishReason: z.custom<FinishReason>((value) => FINISH_REASONS.includes(value as FinishReason)),
    rawFinishReason: z.string().optional(),
    usage: z.object({ inputTokens: count, outputTokens: count, cachedInputTokens: count }),
  }),
  prices: z
    .object({
      inputMicrosPerMillion: microsPerMillion,
      outputMicrosPerMillion: microsPerMillion,
      cachedInputMicrosPerMillion: microsPerMillion,
    })
    .nullable(),
  storedAtMs: z.number(),
  freshUntilMs: z.number(),
});

/** A stored entry read back, or undefined when it is not one. */
export function readCachedAnswer(stored: unknown): CachedAnswerEntry | undefined {
  const parsed = cachedAnswerEntrySchema.safeParse(stored);
  if (!parsed.success) return undefined;
  const { response } = parsed.data;
  return {
    ...parsed.data,
    response: {
      ...response,
      usage: {
        inputTokens: response.usage.inputTokens,
        outputTokens: response.usage.outputTokens,
        cachedInputTokens: response.usage.cachedInputTokens,
      },
    },
  };
}

/** Whether an entry may answer a request now: fresh, and no older than the request's max-age. */
export function isServable(
  entry: CachedAnswerEntry,
  nowMs: number,
  maxAgeSeconds: number | undefined,
): boolean {
  if (entry.freshUntilMs <= nowMs) return false;
  return maxAgeSeconds === undefined || nowMs - entry.storedAtMs <= maxAgeSeconds * 1000;
}

/** Whole seconds since the entry was stored: the `age` header of a cached answer. */
export function ageSeconds(entry: CachedAnswerEntry, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - entry.storedAtMs) / 1000));
}
