import { z } from 'zod';
import { PHONE_REGIONS } from './phone-regions';
import { modelAliasSchema } from '../contracts/api-keys.contract';

// A tenant policy is six sections, each stored in its own JSON column of tenant_policies (and tier_policy_defaults).
// Every field is optional: in a tenant version an absent field inherits the tier default; in the effective policy an
// absent field means "no rule" (no limit, feature off, everything allowed). Objects are strict, so a misspelt field
// is a 400 that names it rather than a rule silently ignored.

/** A whole number of events, bounded so counters stay exact in Redis and in JavaScript. */
const count = (max: number) => z.number().int().min(1).max(max);

/** Request, token and concurrency ceilings of one scope (the tenant, one key, one end user, one model). */
export const rateLimitSchema = z
  .strictObject({
    requestsPerMinute: count(1_000_000),
    tokensPerMinute: count(1_000_000_000),
    requestsPerDay: count(1_000_000_000),
    tokensPerDay: count(1_000_000_000_000),
    /** Input (prompt) tokens alone, for upstreams that limit input and output separately. */
    inputTokensPerMinute: count(1_000_000_000),
    outputTokensPerMinute: count(1_000_000_000),
    inputTokensPerDay: count(1_000_000_000_000),
    outputTokensPerDay: count(1_000_000_000_000),
    /** Requests in flight at once. */
    concurrentRequests: count(100_000),
  })
  .partial();

/** Model aliases to limits, at most POLICY_MODELS_MAX of them. */
const perModelLimits = () =>
  z
    .record(modelAliasSchema, rateLimitSchema)
    .refine((models) => Object.keys(models).length <= POLICY_MODELS_MAX, {
      message: `must name at most ${POLICY_MODELS_MAX} models`,
    });

/**
 * What the gateway does when it cannot reach the shared limiter (Redis): `fail_closed` refuses requests (503),
 * `fail_open` admits them against an in-process limiter that divides each limit by the number of live gateway
 * instances (budgets cannot be checked meanwhile).
 */
export const limiterUnavailableSchema = z.enum(['fail_open', 'fail_closed']);

/** Most models a policy can give limits of their own. */
export const POLICY_MODELS_MAX = 100;

export const rateLimitsSchema = z
  .strictObject({
    /** Shared by every key of the tenant. */
    tenant: rateLimitSchema,
    /** Applied to each key separately (a key's own limit_overrides can only tighten it). */
    perKey: rateLimitSchema,
    /** Applied to each end user (the `user` field or `x-llmguard-end-user` header) separately. */
    perEndUser: rateLimitSchema,
    /** Per model alias, shared by the tenant's keys. */
    perModel: perModelLimits(),
    /** Per model alias, applied to each key separately (e.g. one key may send 10 gpt-4o requests a minute). */
    perKeyPerModel: perModelLimits(),
    /**
     * Output tokens reserved at admission for a request that sets no `max_tokens` (the reservation is settled
     * against the real usage when the response ends). Default 1,024.
     */
    defaultMaxOutputTokens: count(10_000_000),
    /** Default `fail_open`. */
    onLimiterUnavailable: limiterUnavailableSchema,
    /**
     * The tenant's share when a deployment is saturated and requests queue for it: a tenant of weight 4 is served
     * four times as often as one of weight 1 while both wait (tiers set it in their defaults). Default 1.
     */
    fairShareWeight: count(1_000),
    /** Longest a request waits for a saturated deployment before a 503. Default 30,000 ms; 0 = never wait. */
    maxQueueWaitMs: z.number().int().min(0).max(600_000),
  })
  .partial();

/** Largest spend cap: one trillion US dollars, in micros (fits a Postgres bigint with room to spare). */
export const SPEND_CAP_MICROS_MAX = 10n ** 18n;

/**
 * An amount of USD micros (1 USD = 1,000,000), sent as a decimal string or a safe integer and always stored and
 * returned as a decimal string, since sums of micros outgrow JavaScript numbers.
 */
export const usdMicrosSchema = z
  .union([
    z.string().regex(/^(0|[1-9][0-9]{0,18})$/, 'must be a whole number of micros, as digits'),
    // zod's int() already refuses integers beyond Number.MAX_SAFE_INTEGER.
    z.number().int().min(0),
  ])
  .transform((value) => BigInt(value).toString())
  .refine((value) => BigInt(value) <= SPEND_CAP_MICROS_MAX, {
    message: `must be at most ${SPEND_CAP_MICROS_MAX.toString()} micros`,
  });

export const budgetActionSchema = z.enum(['block', 'alert']);

export const budgetsSchema = z
  .strictObject({
    /** Spend cap per UTC day, in USD micros. */
    dailyCapMicros: usdMicrosSchema,
    /** Spend cap per UTC calendar month, in USD micros. */
    monthlyCapMicros: usdMicrosSchema,
    /** At a cap: `block` refuses further requests (429 budget_exceeded), `alert` only notifies. */
    action: budgetActionSchema,
    /** Percentages of a cap at which to alert, e.g. [50, 80, 100]; sorted and de-duplicated. */
    alertThresholdsPercent: z
      .array(z.number().int().min(1).max(100))
      .max(10)
      .transform((thresholds) => [...new Set(thresholds)].sort((a, b) => a - b)),
  })
  .partial();

/**
 * What to do with one kind of personal data found in a prompt (input) or a completion (output):
 * - `off`: not looked for (the value is allowed, silently);
 * - `detect`: allowed through, but counted, reported in the `x-llmguard-guardrails` header and audited;
 * - `mask`: replaced by a label such as `[EMAIL]`; the upstream never sees the value and it is not restored;
 * - `redact`: replaced by a numbered placeholder such as `<EMAIL_1>`, which the answer gets back as the original
 *   value, so the upstream never sees it and the caller does not lose it;
 * - `block`: the request is refused (400 `guardrail_blocked`), naming the kinds found, never the values.
 */
export const piiActionSchema = z.enum(['off', 'detect', 'mask', 'redact', 'block']);

export const piiEntityTypeSchema = z.enum([
  'email',
  'phone_number',
  'credit_card',
  'iban',
  'us_ssn',
  'ip_address',
  'person_name',
  'street_address',
  'date_of_birth',
  'secret',
]);

export const promptInjectionActionSchema = z.enum(['off', 'flag', 'block']);

export const contentCategorySchema = z.enum([
  'hate',
  'harassment',
  'self_harm',
  'sexual',
  'sexual_minors',
  'violence',
  'illicit',
]);

/** A blocklist or allowlist entry: letters, digits, spaces and simple punctuation, `*` as a wildcard. */
const filterTermSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} *'.&-]*$/u,
    "must be words: letters, digits, spaces, ', ., &, - and * wildcards",
  );

const uniqueList = <Item extends z.ZodType<string>>(item: Item, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((items) => [...new Set(items)]);

/**
 * A sequence-classification model behind one of the tenant's routes, served with vLLM's or SGLang's classify API
 * (`POST <deployment base URL>/classify` with `{model, input}`, answering `{data: [{probs}]}`).
 */
export const promptInjectionClassifierSchema = z.strictObject({
  /** The route alias of the classifier model. */
  model: modelAliasSchema,
  /** Index of the injection class in the model's `probs` (1 for Llama Prompt Guard 2: 0 benign, 1 malicious). */
  positiveClassIndex: z.number().int().min(0).max(31).default(1),
  /** Longest wait for the classifier; it adds this much latency at most. Default 300 ms. */
  timeoutMs: z.number().int().min(10).max(5_000).default(300),
  /** When the classifier fails or times out: `allow` goes on with the heuristics' score, `block` refuses (503). */
  onError: z.enum(['allow', 'block']).default('allow'),
});

/** The moderation model of the content filter (see contentFilter.moderation). */
export const contentModerationSchema = z.strictObject({
  /** The route alias of the moderation model. */
  model: modelAliasSchema,
  /** Longest wait for the model; it adds this much latency at most. Default 500 ms. */
  timeoutMs: z.number().int().min(10).max(5_000).default(500),
  /** When the model fails or times out: `allow` goes on unchecked, `block` refuses (503). */
  onError: z.enum(['allow', 'block']).default('allow'),
});

/** One kind of personal data's own actions, overriding the section's inputAction / outputAction. */
export const piiEntityActionsSchema = z
  .strictObject({ input: piiActionSchema, output: piiActionSchema })
  .partial();

export const guardrailsSchema = z
  .strictObject({
    pii: z
      .strictObject({
        /** The action for every kind looked for in prompts, unless `entities` says otherwise. Default `off`. */
        inputAction: piiActionSchema,
        /** The same for completions. Default `off`. */
        outputAction: piiActionSchema,
        /** The kinds of personal data looked for; absent = every kind. */
        entityTypes: uniqueList(piiEntityTypeSchema, piiEntityTypeSchema.options.length),
        /** Actions per kind, e.g. `{ credit_card: { input: 'block' }, email: { input: 'redact' } }`. */
        entities: z.partialRecord(piiEntityTypeSchema, piiEntityActionsSchema),
        /**
         * Where phone numbers written without a country code are from (ISO 3166-1 alpha-2, `GB`, `DE`): such a
         * number counts when it is valid in one of them. Default `['US']`; numbers with `+` or `00` count anywhere.
         */
        phoneRegions: z
          .array(z.enum(PHONE_REGIONS))
          .min(1)
          .max(20)
          .transform((regions) => [...new Set(regions)]),
      })
      .partial(),
    promptInjection: z
      .strictObject({
        action: promptInjectionActionSchema,
        /** Detector score (0–1) from which a prompt counts as an injection; lower = stricter. */
        threshold: z.number().min(0).max(1),
        /** A classifier model (e.g. a prompt-guard model) asked when the heuristics score under the threshold. */
        classifier: promptInjectionClassifierSchema,
      })
      .partial(),
    contentFilter: z
      .strictObject({
        /** Categories refused in prompts and completions; empty = filter off. */
        blockedCategories: uniqueList(contentCategorySchema, contentCategorySchema.options.length),
        /**
         * Words and phrases refused in prompts and masked in completions, matched whole-word and case-insensitively;
         * `*` stands for any letters within a word (`hack*` matches "hacker"). Not regular expressions: a tenant's
         * pattern runs on every request, and one catastrophic pattern would stall the gateway.
         */
        blockedTerms: uniqueList(filterTermSchema, 500),
        /** Phrases that are never a hit, even when they hold a blocked term ("kill the process" for "kill"). */
        allowedTerms: uniqueList(filterTermSchema, 500),
        /** `block` refuses a prompt with a blocked term (400) and masks it in completions; `flag` only reports. Default `block`. */
        action: z.enum(['flag', 'block']),
        /**
         * The moderation model that judges `blockedCategories`: an OpenAI-compatible moderations endpoint
         * (`POST <deployment base URL>/moderations`) behind one of the tenant's routes. Without it, categories are
         * not checked.
         */
        moderation: contentModerationSchema,
        /**
         * Completions go to the moderation model too, before they reach the caller: a JSON answer in a blocked
         * category is replaced by a 400 `output_blocked` (its tokens are still billed); a stream, whose tokens are
         * gone already, ends with an error event instead of its normal finish. Needs `moderation` and
         * `blockedCategories` in the effective policy (see outputModerationIssues). Default false.
         */
        moderateOutput: z.boolean(),
      })
      .partial(),
  })
  .partial();

/** Longest cache lifetime: 30 days. */
export const CACHE_TTL_SECONDS_MAX = 30 * 24 * 3600;

const cacheTtlSeconds = z.number().int().min(1).max(CACHE_TTL_SECONDS_MAX);

export const cachePolicySchema = z
  .strictObject({
    /** Answers kept in Redis under a hash of the canonical request (model, messages, parameters). */
    exact: z
      .strictObject({
        /** Every eligible request is cached (otherwise only those that ask with `x-llmguard-cache: on`). */
        enabled: z.boolean(),
        /** Default 3,600. */
        ttlSeconds: cacheTtlSeconds,
      })
      .partial(),
    /** Answers of near-duplicate prompts, found by embedding similarity (pgvector). */
    semantic: z
      .strictObject({
        enabled: z.boolean(),
        /** Default 3,600. */
        ttlSeconds: cacheTtlSeconds,
        /** Cosine similarity (0.5–1) from which a cached answer is reused; higher = stricter. Default 0.85. */
        similarityThreshold: z.number().min(0.5).max(1),
        /**
         * The tenant's embeddings model alias (an OpenAI-compatible `/v1/embeddings` route) that embeds prompts;
         * absent = the gateway's built-in offline embedder (feature hashing, no upstream call).
         */
        embeddingModel: modelAliasSchema,
        /**
         * The second check after the similarity threshold: the two prompts must agree on negations, numbers and
         * their key terms, so "how do I enable X" never gets the answer to "how do I disable X". Default true.
         */
        verifyMatch: z.boolean(),
      })
      .partial(),
    /** Whether the prompt text may be stored beside cached answers (otherwise only hashes and embeddings). */
    storePromptText: z.boolean(),
    /**
     * Whether one request may turn the exact and embedding caches on for itself with `x-llmguard-cache: on` when the
     * policy leaves them off. Default true.
     */
    requestOptIn: z.boolean(),
    /** Which requests are deterministic enough to be cached or served from a cache. */
    eligibility: z
      .strictObject({
        /** Requests above this temperature are not cached; a request without one counts as 1. Default 1. */
        maxTemperature: z.number().min(0).max(2),
        /** Whether requests that offer tools are cached. Default false. */
        allowTools: z.boolean(),
      })
      .partial(),
    /** Percent of the full price at which an answer served from a cache is billed: 0 = free (default), 100 = full. */
    hitPricePercent: z.number().int().min(0).max(100),
    /** `/v1/embeddings`: each input's vector kept by hash, so a repeated input is never sent upstream twice. */
    embeddings: z
      .strictObject({
        enabled: z.boolean(),
        /** Default 604,800 (7 days): an embedding model's vector for a text does not change. */
        ttlSeconds: cacheTtlSeconds,
      })
      .partial(),
  })
  .partial();

/** The upstream providers a deployment can have (the `provider` enum of prisma/schema/routing.prisma). */
export const policyProviderSchema = z.enum(['openai', 'anthropic', 'azure_openai', 'gemini']);

/** A deployment region or tag, as written on deployments (`eu-west-1`, `local`). */
const labelSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits, ".", "_", ":" or "-"');

/** Most routing rules a policy can hold. */
export const ROUTING_RULES_MAX = 50;

/** A prompt length in tokens (o200k_base count of the prompt's text), for rule conditions. */
const promptTokens = z.number().int().min(0).max(10_000_000);

/** A request metadata key, as OpenAI allows them (`metadata` of a chat completion) and `x-llmguard-tags` carries. */
const metadataKeySchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, "_", ".", ":" or "-"');

/**
 * What a request must look like for a routing rule to apply. Every condition given must hold; a rule with no
 * condition applies to every request.
 */
export const routingRuleConditionSchema = z
  .strictObject({
    /** The prompt has at least this many tokens. */
    minPromptTokens: promptTokens,
    /** The prompt has at most this many tokens. */
    maxPromptTokens: promptTokens,
    /** The request offers tools (true) or none (false). */
    hasTools: z.boolean(),
    /** The prompt carries images (true) or none (false). */
    hasImages: z.boolean(),
    /** Every key has this value in the request's metadata (OpenAI `metadata`, or the `x-llmguard-tags` header). */
    metadata: z
      .record(metadataKeySchema, z.string().max(512))
      .refine((entries) => Object.keys(entries).length <= 16, { message: 'must name at most 16 keys' }),
    /** The input guardrails found personal data in the prompt (true) or none (false). */
    sensitive: z.boolean(),
  })
  .partial()
  .refine(
    (when) =>
      when.minPromptTokens === undefined ||
      when.maxPromptTokens === undefined ||
      when.minPromptTokens <= when.maxPromptTokens,
    { message: 'must be at least minPromptTokens', path: ['maxPromptTokens'] },
  );

/** What a matching rule does to the route's deployments before the strategy orders them. */
export const routingRuleActionSchema = z
  .strictObject({
    /** Only deployments carrying every one of these tags may serve. */
    requireTags: uniqueList(labelSchema, 20),
    /** Deployments carrying any of these tags may not serve. */
    excludeTags: uniqueList(labelSchema, 20),
    /**
     * Deployments carrying every one of these tags are tried first; the others only as overflow, when every
     * preferred one is at capacity or out of service.
     */
    preferTags: uniqueList(labelSchema, 20),
  })
  .partial()
  .refine((then) => Object.values(then).some((tags) => tags.length > 0), {
    message: 'must set requireTags, excludeTags or preferTags',
  })
  .refine((then) => !(then.requireTags ?? []).some((tag) => (then.excludeTags ?? []).includes(tag)), {
    message: 'must not exclude a tag it requires',
    path: ['excludeTags'],
  });

/** One content-based routing rule: when a request matches `when`, `then` narrows the deployments that serve it. */
export const routingRuleSchema = z.strictObject({
  /** Named in errors and in the docs of a tenant's policy, e.g. `long-prompts-on-gpu`. */
  name: labelSchema,
  when: routingRuleConditionSchema.optional(),
  then: routingRuleActionSchema,
});

export const routingPolicySchema = z
  .strictObject({
    /** Deployments of other providers are never used; a route with none left is refused (403 policy_violation). */
    allowedProviders: uniqueList(policyProviderSchema, policyProviderSchema.options.length).refine(
      (providers) => providers.length > 0,
      { message: 'must name at least one provider (leave the field out to allow every provider)' },
    ),
    /** Deployments outside these regions are never used. */
    allowedRegions: uniqueList(labelSchema, 50),
    /** Only deployments carrying every one of these tags are used. */
    requiredTags: uniqueList(labelSchema, 20),
    fallbacks: z
      .strictObject({
        /** Whether a failed deployment may be retried on the next one of the route. */
        enabled: z.boolean(),
      })
      .partial(),
    /**
     * Content-based rules, evaluated in order before the strategy: the first whose `when` matches the request
     * applies (later ones are not looked at). A tenant version's list replaces the tier's whole list.
     */
    rules: z
      .array(routingRuleSchema)
      .max(ROUTING_RULES_MAX)
      .superRefine((rules, context) => {
        const seen = new Set<string>();
        for (const [index, rule] of rules.entries()) {
          if (seen.has(rule.name))
            context.addIssue({ code: 'custom', message: 'must be unique', path: [index, 'name'] });
          seen.add(rule.name);
        }
      }),
    /** Requests whose data must stay on-premises: only deployments tagged `local` serve them, never as a spill. */
    sensitiveData: z
      .strictObject({
        /** Every request of the tenant. */
        localOnly: z.boolean(),
        /** Requests in which the input guardrails found personal data. */
        piiLocalOnly: z.boolean(),
      })
      .partial(),
    /**
     * Overflow between deployment tiers: deployments tagged `prefer` (e.g. `local`) serve first; the request
     * spills to deployments tagged `spillTo` (e.g. `cloud`; absent = any other deployment of the route) only when
     * every preferred one is at capacity (its maxConcurrentRequests reached, or requests already queue for it) or
     * out of service. Applies to routes that have a preferred deployment, unless a matching rule sets preferTags.
     */
    overflow: z.strictObject({ prefer: labelSchema, spillTo: labelSchema }).partial(),
    /** What to do when every deployment of a route is down (circuits open, or every attempt failed). */
    degradation: z
      .strictObject({
        /** Serve a cached answer to the same request, when the cache holds one (tried first). */
        serveCached: z.boolean(),
        /** Send the request to this model alias of the tenant instead (a cheaper or more available one). */
        fallbackModel: modelAliasSchema,
      })
      .partial(),
  })
  .partial();

export const dataResidencySchema = z
  .strictObject({
    /** Regions where prompts may be processed and stored (deployments, caches, logs). */
    allowedRegions: uniqueList(labelSchema, 50),
  })
  .partial();

/**
 * A policy document: a tenant's version, a tier's defaults, or the effective policy that results from both. Every
 * section and field is optional (see the top of this file).
 */
export const policyDocumentSchema = z
  .strictObject({
    rateLimits: rateLimitsSchema,
    budgets: budgetsSchema,
    guardrails: guardrailsSchema,
    cache: cachePolicySchema,
    routing: routingPolicySchema,
    dataResidency: dataResidencySchema,
  })
  .partial();

/** The six sections, in the order of the tenant_policies columns. */
export const POLICY_SECTIONS = [
  'rateLimits',
  'budgets',
  'guardrails',
  'cache',
  'routing',
  'dataResidency',
] as const;

export type PolicySection = (typeof POLICY_SECTIONS)[number];
export type PolicyDocument = z.output<typeof policyDocumentSchema>;
/** A document as clients may send it (micros as numbers or strings). */
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;
export type RateLimit = z.output<typeof rateLimitSchema>;
export type RateLimits = z.output<typeof rateLimitsSchema>;
export type Budgets = z.output<typeof budgetsSchema>;
export type Guardrails = z.output<typeof guardrailsSchema>;
export type PiiAction = z.infer<typeof piiActionSchema>;
export type PiiEntityType = z.infer<typeof piiEntityTypeSchema>;
export type PromptInjectionAction = z.infer<typeof promptInjectionActionSchema>;
export type CachePolicy = z.output<typeof cachePolicySchema>;
export type RoutingPolicy = z.output<typeof routingPolicySchema>;
export type RoutingRule = z.output<typeof routingRuleSchema>;
export type DataResidency = z.output<typeof dataResidencySchema>;
export type PolicyProvider = z.infer<typeof policyProviderSchema>;
