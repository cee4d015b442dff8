import { z } from 'zod';
import { isoDateTimeSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';
import { timeRangeIssue } from './usage.contract';

/** Longest range the activity endpoint aggregates. */
export const GUARDRAIL_ACTIVITY_RANGE_DAYS_MAX = 92;

/** Entries in the activity's list of recent actions. */
export const GUARDRAIL_RECENT_MAX = 20;

/**
 * What the guardrails did to one request, as its audit entry names it (`guardrail.<action>`), most severe first:
 * refused it, replaced personal data with placeholders it restored in the answer, masked data for good, or only
 * reported findings.
 */
export const guardrailActivityActionSchema = z.enum(['blocked', 'redacted', 'masked', 'flagged']);

const count = z.number().int().nonnegative();

/** Requests per action. */
export const guardrailActionCountsSchema = z.object({
  blocked: count,
  redacted: count,
  masked: count,
  flagged: count,
});

export const guardrailActivityQuerySchema = z
  .strictObject({
    /** Inclusive. */
    from: isoDateTimeSchema,
    /** Exclusive. */
    to: isoDateTimeSchema,
  })
  .superRefine((query, context) => {
    const issue = timeRangeIssue(query.from, query.to, GUARDRAIL_ACTIVITY_RANGE_DAYS_MAX);
    if (issue) context.addIssue({ code: 'custom', ...issue });
  });

/** One UTC day of the range: requests per action. */
export const guardrailActivityDaySchema = guardrailActionCountsSchema.extend({
  /** `YYYY-MM-DD`, UTC. */
  day: z.string(),
});

/** One kind of personal data: how many values were found, and in how many requests, in prompts and completions. */
export const guardrailPiiKindSchema = z.object({
  /** `email`, `credit_card`… */
  kind: z.string(),
  inputFound: count,
  inputRequests: count,
  outputFound: count,
  outputRequests: count,
});

/** One recent action: counts and kinds from its audit entry, never a value. */
export const guardrailRecentActionSchema = z.object({
  /** The audit entry (`aud_…`). */
  id: z.string(),
  occurredAt: isoDateTimeSchema,
  action: guardrailActivityActionSchema,
  /** The request the guardrails acted on (the audit entry's target). */
  requestId: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  /** The key's name; null when the key no longer exists. */
  apiKeyName: z.string().nullable(),
  model: z.string().nullable(),
  /** The HTTP status the caller got. */
  status: z.number().int().nullable(),
  /** The guardrail that refused the request, if one did. */
  blockedBy: z.enum(['pii', 'prompt_injection', 'content_filter']).nullable(),
  /** Kinds of personal data found in the prompt and in the completion. */
  inputPiiKinds: z.array(z.string()),
  outputPiiKinds: z.array(z.string()),
  injectionFlagged: z.boolean(),
  /** Blocked terms found in the prompt plus in the completion. */
  termHits: count,
  /** Blocked content categories the moderation model found in the prompt or the completion. */
  categories: z.array(z.string()),
});

export const guardrailActivityResponseSchema = z.object({
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  /** Requests the guardrails acted on in the range, per action. */
  totals: guardrailActionCountsSchema,
  /** The blocked requests by the guardrail that refused them. */
  blockedBy: z.object({ pii: count, promptInjection: count, contentFilter: count }),
  /** Every UTC day the range touches, oldest first; days without actions are zeros. */
  days: z.array(guardrailActivityDaySchema),
  /** Personal data per kind, the most found first. */
  pii: z.array(guardrailPiiKindSchema),
  /** Requests whose prompt-injection score reached the policy's threshold: let through (flagged) or refused. */
  promptInjection: z.object({ flagged: count, blocked: count }),
  contentFilter: z.object({
    /** Requests refused for a blocked term or category. */
    blocked: count,
    /** Blocked terms found in prompts, and in completions. */
    termHits: count,
    outputTermHits: count,
    /** Requests per blocked category the moderation model found (prompt or completion), the most frequent first. */
    categories: z.array(z.object({ category: z.string(), requests: count })),
  }),
  /** The latest actions of the range, newest first, at most GUARDRAIL_RECENT_MAX. */
  recent: z.array(guardrailRecentActionSchema),
});

/** What the tenant's guardrails did, read from the guardrail entries of its audit log. */
export const guardrailsContract = {
  activity: defineEndpoint({
    method: 'GET',
    path: '/api/tenants/:tenantSlug/guardrails/activity',
    summary:
      "What the tenant's guardrails did in a range: actions per day, personal data per kind, injections, content filter hits and the latest actions.",
    successStatus: 200,
    query: guardrailActivityQuerySchema,
    response: guardrailActivityResponseSchema,
  }),
};

export type GuardrailActivityAction = z.infer<typeof guardrailActivityActionSchema>;
export type GuardrailActionCounts = z.infer<typeof guardrailActionCountsSchema>;
export type GuardrailActivityQuery = z.output<typeof guardrailActivityQuerySchema>;
export type GuardrailActivityDay = z.infer<typeof guardrailActivityDaySchema>;
export type GuardrailPiiKind = z.infer<typeof guardrailPiiKindSchema>;
export type GuardrailRecentAction = z.infer<typeof guardrailRecentActionSchema>;
export type GuardrailActivityResponse = z.infer<typeof guardrailActivityResponseSchema>;
