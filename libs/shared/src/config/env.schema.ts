import { z } from 'zod';

// Each app validates its whole environment with one schema from here before Nest starts. Defaults
// point at the local services, so nothing needs setting on a developer machine; production refuses
// the development secrets.

const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0000000000';

// Port 0 asks the OS for a free port (tests).
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const postgresUrl = z
  .string()
  .default('postgresql://postgres@127.0.0.1:5432/llmguard')
  .refine((value) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(value) && URL.canParse(value), {
    message: 'must be a PostgreSQL URL such as postgresql://user:password@host:5432/database',
  })
  .describe('PostgreSQL connection URL. Example: postgresql://postgres@127.0.0.1:5432/llmguard');

const redisUrl = z
  .string()
  .default('redis://127.0.0.1:6379/0')
  .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), {
    message: 'must be a Redis URL such as redis://127.0.0.1:6379/0',
  })
  .describe('Redis connection URL. Example: redis://127.0.0.1:6379/0');

const secret = (description: string) =>
  z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRET).describe(description);

/** Settings every app shares. */
export const commonEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: postgresUrl,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+:$/, 'must be lower-case letters, digits, - or _, ending in ":" (e.g. llmguard:)')
    .default('llmguard:')
    .describe('Prefix of every Redis key, so tests and the demo never share keys. Example: llmguard:'),
  HOST: z.string().default('127.0.0.1').describe('Interface the HTTP servers listen on. Example: 0.0.0.0'),
});

/** Rejects the built-in development secrets when NODE_ENV=production. */
function refuseDevelopmentSecrets(keys: string[]) {
  return (config: Record<string, unknown>, context: z.RefinementCtx) => {
    if (config.NODE_ENV !== 'production') return;
    for (const key of keys) {
      if (config[key] === DEVELOPMENT_SECRET) {
        context.addIssue({ code: 'custom', path: [key], message: 'must be set in production (no default)' });
      }
    }
  };
}

/** The test-only cheap argon2 settings must never reach production. */
function refuseWeakPasswordHashing(config: Record<string, unknown>, context: z.RefinementCtx) {
  if (config.NODE_ENV !== 'production') return;
  if (typeof config.PASSWORD_HASH_MEMORY_KIB === 'number' && config.PASSWORD_HASH_MEMORY_KIB < 19_456)
    context.addIssue({
      code: 'custom',
      path: ['PASSWORD_HASH_MEMORY_KIB'],
      message: 'must be at least 19456 in production',
    });
  if (typeof config.PASSWORD_HASH_TIME_COST === 'number' && config.PASSWORD_HASH_TIME_COST < 2)
    context.addIssue({
      code: 'custom',
      path: ['PASSWORD_HASH_TIME_COST'],
      message: 'must be at least 2 in production',
    });
}

/**
 * Master keys of the provider-credential envelope encryption (gateway, and the seed that seals credentials):
 * `<id>:<32 bytes in base64>` entries, comma-separated, current key first. Full checks in libs/server parseMasterKeys.
 */
const credentialMasterKeys = z
  .string()
  .regex(
    /^\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43}=?\s*(,\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43}=?\s*)*$/,
    'must be <id>:<32-byte key in base64> entries separated by commas, current key first',
  )
  .optional()
  .describe(
    'Master keys wrapping the data keys of provider credentials, current first; older ones only unwrap (key rotation). Unset = one key derived from CREDENTIAL_ENCRYPTION_KEY. Example: k2:<openssl rand -base64 32>,k1:<older key>',
  );

/** Provider-credential encryption settings, shared by the gateway, the seed and the billing worker. */
export const credentialKeysEnvShape = {
  CREDENTIAL_ENCRYPTION_KEY: secret(
    'Opens v1 provider credentials and, without CREDENTIAL_MASTER_KEYS, derives the master key of new ones.',
  ),
  CREDENTIAL_MASTER_KEYS: credentialMasterKeys,
};

/** Stripe connection and prices, shared by the gateway (sessions, webhooks) and the billing worker. */
export const stripeEnvShape = {
  STRIPE_SECRET_KEY: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Stripe secret key; unset = Stripe off (no customers, meter events or sessions). Example: sk_live_…',
    ),
  STRIPE_API_BASE_URL: z
    .url()
    .optional()
    .describe(
      'Stripe API base URL, for a local fake in tests; unset = https://api.stripe.com. Example: http://127.0.0.1:12111',
    ),
  STRIPE_TIER_PRICES: z
    .string()
    .regex(
      /^\s*[a-z0-9_-]+:[A-Za-z0-9_]+\s*(,\s*[a-z0-9_-]+:[A-Za-z0-9_]+\s*)*$/,
      'must be <tier>:<Stripe price id> entries separated by commas',
    )
    .optional()
    .describe(
      'The metered Stripe price each paying SLA tier subscribes to; tiers not listed are not billed. Example: pro:price_123,enterprise:price_456',
    ),
};

/** apps/gateway: data plane /v1/* and control plane /api/*. */
export const gatewayEnvSchema = commonEnvSchema
  .extend({
    GATEWAY_PLANES: z
      .enum(['data,control', 'data', 'control'])
      .default('data,control')
      .describe(
        'Which planes this process serves: both (default), or one, to scale them apart (the data plane then loads none of the control plane). Example: data',
      ),
    DATA_PLANE_PORT: port(8080).describe('Port of the data plane (/v1/*). Example: 8080'),
    CONTROL_PLANE_PORT: port(8081).describe('Port of the control plane (/api/*). Example: 8081'),
    METRICS_PORT: port(9464).describe(
      'Port of /metrics (Prometheus), apart from the public planes so it is never exposed with them; 0 = any free port. Example: 9464',
    ),
    METRICS_TENANT_LABELS: z
      .string()
      .default('off')
      .describe(
        'Which tenants get metric series of their own (llmguard_gateway_tenant_*): off, all (up to 1,000), or a comma-separated list of tenant ids. Example: ten_abc,ten_def',
      ),
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url()
      .optional()
      .describe(
        'OpenTelemetry collector (OTLP over HTTP) that receives the traces; unset = tracing off. Example: http://otel-collector:4318',
      ),
    OTEL_SERVICE_NAME: z.string().min(1).default('llmguard-gateway').describe('service.name of the traces.'),
    SESSION_SECRET: secret('Signs session cookies. Example: 64 random hex characters'),
    ...credentialKeysEnvShape,
    PUBLIC_GATEWAY_URL: z.url().default('http://127.0.0.1:8080').describe('Data-plane URL shown to users.'),
    PORTAL_URL: z.url().default('http://127.0.0.1:3000').describe('Portal URL, for CORS and e-mail links.'),
    USAGE_SPOOL_DIR: z
      .string()
      .default('/tmp/llmguard-usage-spool')
      .describe(
        'Where usage events wait while Redis is unreachable; one directory per instance, on a persistent volume in production. Example: /var/lib/llmguard/spool',
      ),
    MAX_REQUEST_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(32 * 1024 * 1024)
      .describe('Largest JSON request body the data plane accepts (larger gets 413). Example: 33554432'),
    MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(25 * 1024 * 1024)
      .describe(
        'Largest file in a multipart upload (audio transcription), spooled to disk. Example: 26214400',
      ),
    RATE_LIMIT_LEASE_TTL_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(600_000)
      .default(30_000)
      .describe(
        'A concurrency slot expires this long after its last renewal, so a crashed gateway frees its slots; in-flight requests renew theirs every third of it. Example: 30000',
      ),
    RATE_LIMIT_REDIS_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(10_000)
      .default(1_000)
      .describe(
        "How long an admission decision may wait for Redis before the policy's onLimiterUnavailable applies. Example: 1000",
      ),
    ROUTING_MAX_ATTEMPTS: z.coerce
      .number()
      .int()
      .min(1)
      .max(10)
      .default(4)
      .describe(
        'Upstream calls one request may make in all (retries and fallbacks to other deployments included). Example: 4',
      ),
    ROUTING_RETRIES_PER_DEPLOYMENT: z.coerce
      .number()
      .int()
      .min(0)
      .max(5)
      .default(1)
      .describe(
        'Retries on the same deployment (connection errors, 5xx) before falling back to the next one. Example: 1',
      ),
    ROUTING_RETRY_BACKOFF_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(100)
      .describe(
        'First delay before a retry on the same deployment; later ones grow exponentially (jittered, at most 10x). Example: 100',
      ),
    ROUTING_BREAKER_CONSECUTIVE_FAILURES: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000)
      .default(5)
      .describe(
        "A deployment's circuit opens after this many failed calls in a row (on this gateway instance). Example: 5",
      ),
    ROUTING_BREAKER_ERROR_RATE: z.coerce
      .number()
      .min(0.01)
      // cockatiel's SamplingBreaker takes a threshold strictly below 1 (1 threw on every request).
      .max(0.99)
      .default(0.5)
      .describe(
        "A deployment's circuit also opens when this share of its calls failed over the last 30 s (at least 1 call per second on average). Example: 0.5",
      ),
    ROUTING_HEALTH_PROBES: z
      .stringbool()
      .default(true)
      .describe(
        "While a deployment's circuit is open, GET its model list every half-open period; an unreachable deployment stays out without a client request spent on it. Example: true",
      ),
    ROUTING_SLOW_CALL_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(0)
      .describe(
        "Latency outlier detection: a call whose answer (a stream's headers, a whole JSON body) takes longer than this is slow, and a deployment with ROUTING_SLOW_CALL_RATE of its calls slow over 30 s (at least 10 calls) is taken out like an open circuit. 0 = off. Example: 20000",
      ),
    ROUTING_SLOW_CALL_RATE: z.coerce
      .number()
      .min(0.01)
      .max(1)
      .default(0.5)
      .describe(
        'Share of slow calls over 30 s from which a deployment is taken out (see ROUTING_SLOW_CALL_MS). Example: 0.5',
      ),
    ROUTING_BREAKER_HALF_OPEN_AFTER_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(600_000)
      .default(10_000)
      .describe(
        'How long an open circuit skips its deployment before one probe request (half-open) may try it again. Example: 10000',
      ),
    CACHE_STALE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .default(86_400)
      .describe(
        "How long an exact-cache answer is kept after its TTL, served only by routing.degradation's serveCached while every deployment of its model is down. Example: 86400",
      ),
    CACHE_MAX_ANSWER_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .max(64 * 1024 * 1024)
      .default(1_048_576)
      .describe('Answers larger than this (as stored) are not cached. Example: 1048576'),
    SEMANTIC_CACHE_EF_SEARCH: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000)
      .default(100)
      .describe(
        "pgvector's hnsw.ef_search for semantic-cache lookups: candidates the HNSW search keeps (higher = better recall, slower; bench/README.md, Caching). Example: 100",
      ),
    SEMANTIC_CACHE_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(10_000)
      .default(250)
      .describe(
        'Longest a semantic-cache lookup may take (embedding and nearest-neighbour query); past it the request goes upstream as a miss. Example: 250',
      ),
    EMBEDDING_BATCH_WINDOW_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000)
      .default(2)
      .describe(
        'Embedding inputs of concurrent requests to one deployment are gathered this long into one upstream call; 0 = no batching. Example: 2',
      ),
    EMBEDDING_BATCH_MAX_INPUTS: z.coerce
      .number()
      .int()
      .min(1)
      .max(2_048)
      .default(256)
      .describe('A gathered embeddings call is sent at once when it holds this many inputs. Example: 256'),
    SESSION_COOKIE_SECURE: z
      .stringbool()
      .optional()
      .describe(
        'Marks the session and CSRF cookies Secure (HTTPS only). Unset = Secure when NODE_ENV=production; set false only for http://localhost development. Example: true',
      ),
    SESSION_IDLE_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(7 * 24 * 3600)
      .describe('A session ends after this long without a request (sliding). Example: 604800'),
    SESSION_ABSOLUTE_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(30 * 24 * 3600)
      .describe('A session ends this long after sign-in, however active. Example: 2592000'),
    PASSWORD_HASH_MEMORY_KIB: z.coerce
      .number()
      .int()
      .min(8)
      .default(19_456)
      .describe(
        'argon2id memory cost in KiB for new password hashes (OWASP: 19456 with time cost 2). Lower only in tests. Example: 19456',
      ),
    PASSWORD_HASH_TIME_COST: z.coerce
      .number()
      .int()
      .min(1)
      .default(2)
      .describe('argon2id passes for new password hashes. Example: 2'),
    LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Failed sign-ins per email within the window before 429. Example: 5'),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce
      .number()
      .int()
      .min(1)
      .default(50)
      .describe(
        'Failed sign-ins per client address within the window before 429 (higher than per email: offices share addresses). Example: 50',
      ),
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .describe(
        'Comma-separated addresses, CIDRs or names (loopback, linklocal, uniquelocal) of the proxies in front of the control plane whose X-Forwarded-For is believed, so sign-in throttling and the audit log see the client address: the portal (it forwards the browser’s address) and any load balancer. Unset = loopback outside production (the portal beside the control plane), nobody in production (the socket address). Example: 10.0.0.0/8,127.0.0.1',
      ),
    SMTP_URL: z
      .string()
      .refine((value) => /^smtps?:\/\//.test(value) && URL.canParse(value), {
        message: 'must be an SMTP URL such as smtp://user:password@smtp.example.com:587',
      })
      .optional()
      .describe(
        'Where the control plane sends email (verification, password reset). Unset = no email is sent; outside production the links are logged instead. Example: smtps://apikey:secret@smtp.example.com:465',
      ),
    MAIL_FROM: z
      .string()
      .default('LLMGuard <no-reply@llmguard.local>')
      .describe('Sender of the control plane email. Example: LLMGuard <no-reply@example.com>'),
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(900)
      .describe('Window of the failed sign-in counters. Example: 900'),
    SIGNUP_MAX_PER_IP: z.coerce
      .number()
      .int()
      .min(1)
      .default(30)
      .describe('Sign-up attempts per client address within SIGNUP_WINDOW_SECONDS before 429. Example: 30'),
    SIGNUP_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(3600)
      .describe('Window of the sign-up counter per client address. Example: 3600'),
    INVITATION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(7 * 24 * 3600)
      .describe('How long an emailed tenant invitation can be accepted. Example: 604800'),
    KEY_LAST_USED_RECORD_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(10)
      .default(5_000)
      .describe(
        'How often each gateway writes the keys it saw in use to Redis (at most once per key per interval). Example: 5000',
      ),
    ...stripeEnvShape,
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Signing secret of the Stripe webhook endpoint /api/billing/stripe/webhook; unset = webhooks refused (503). Example: whsec_…',
      ),
    KEY_LAST_USED_FLUSH_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(10)
      .default(30_000)
      .describe(
        'How often api_keys.last_used_at is brought up to date from Redis (one UPDATE). Example: 30000',
      ),
  })
  .superRefine(refuseDevelopmentSecrets(['SESSION_SECRET', 'CREDENTIAL_ENCRYPTION_KEY']))
  .superRefine(refuseWeakPasswordHashing);

const billingWorkerEnvObject = commonEnvSchema.extend({
  HEALTH_PORT: port(8082).describe('Port of /healthz, /readyz and /metrics. Example: 8082'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  // Opens the sealed signing secrets of budget-alert webhooks: the same settings as the gateway that sealed them.
  ...credentialKeysEnvShape,
  ...stripeEnvShape,
  STRIPE_METER_EVENT_NAME: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/, 'must be 1-40 lower-case letters, digits or _')
    .default('llmguard_cost_micros')
    .describe('event_name of the Stripe meter usage is reported to. Example: llmguard_cost_micros'),
  STRIPE_METER_VALUE: z
    .enum(['cost_micros', 'tokens'])
    .default('cost_micros')
    .describe(
      'What one meter event counts for a tenant-hour: cost in USD micros, or input + output tokens. Example: cost_micros',
    ),
  STRIPE_REPORT_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(15 * 60_000)
    .describe(
      'How long after an hour ends its rollups are taken as final and reported (late usage events land meanwhile). Example: 900000',
    ),
  STRIPE_REPORT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(60_000)
    .describe('How often closed hours are written to the outbox and due meter events sent. Example: 60000'),
  STRIPE_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30_000)
    .describe(
      'First retry delay of a meter event Stripe failed transiently; doubles per attempt up to an hour. Example: 30000',
    ),
  STRIPE_CUSTOMER_SYNC_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(15_000)
    .describe('How often tenants without a Stripe customer get one. Example: 15000'),
  USAGE_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(1000)
    .describe(
      'Most usage-stream entries stored in one transaction and acknowledged together (bench/README.md "Usage aggregation": ~19,000 events/s at 1000, ~23,000 at 5000). Example: 1000',
    ),
  USAGE_BLOCK_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(60_000)
    .default(2000)
    .describe('How long one stream read waits for new entries before looping. Example: 2000'),
  USAGE_CLAIM_IDLE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(60_000)
    .describe(
      'Entries another consumer read but left unacknowledged this long (it died) are claimed and processed here; keep it well above the time one batch takes. Example: 60000',
    ),
  USAGE_TRIM_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(60_000)
    .describe(
      'How often the stream is trimmed below what every consumer group has acknowledged. Example: 60000',
    ),
  USAGE_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('Days raw usage_events rows are kept; hourly rollups are kept for ever. Example: 90'),
  SPEND_SYNC_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe(
      'How often the Redis spend counters of tenants with new usage are recomputed from the rollups and their budget alerts evaluated. Example: 5000',
    ),
  SLA_REPORT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(15 * 60_000)
    .describe('How often the daily SLA reports of yesterday and today are recomputed. Example: 900000'),
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\//.test(value) && URL.canParse(value), {
      message: 'must be an SMTP URL such as smtp://user:password@smtp.example.com:587',
    })
    .optional()
    .describe(
      'Where the worker sends budget alert email. Unset = no email (the alert is logged and still recorded). Example: smtps://apikey:secret@smtp.example.com:465',
    ),
  MAIL_FROM: z
    .string()
    .default('LLMGuard <no-reply@llmguard.local>')
    .describe('Sender of the budget alert email. Example: LLMGuard <billing@example.com>'),
  BUDGET_WEBHOOK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(10_000)
    .describe(
      'How long a budget alert webhook may take to answer before the alert is retried. Example: 10000',
    ),
});

/** apps/billing-worker: usage stream consumer and Stripe reporter. */
export const billingWorkerEnvSchema = billingWorkerEnvObject.superRefine(
  refuseDevelopmentSecrets(['CREDENTIAL_ENCRYPTION_KEY']),
);

/** apps/portal (Next.js server side). */
export const portalEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  CONTROL_PLANE_URL: z.url().default('http://127.0.0.1:8081').describe('Control-plane API base URL.'),
  PUBLIC_GATEWAY_URL: z.url().default('http://127.0.0.1:8080').describe('Data-plane URL shown in snippets.'),
  PORTAL_METRICS_PORT: port(9465).describe(
    "Port of the portal server's /metrics (Prometheus), apart from its public port; 0 = off. Example: 9465",
  ),
});

export type CommonEnv = z.infer<typeof commonEnvSchema>;
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export type BillingWorkerEnv = z.infer<typeof billingWorkerEnvSchema>;
export type PortalEnv = z.infer<typeof portalEnvSchema>;
