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

/** apps/gateway: data plane /v1/* and control plane /api/*. */
export const gatewayEnvSchema = commonEnvSchema
  .extend({
    DATA_PLANE_PORT: port(8080).describe('Port of the data plane (/v1/*). Example: 8080'),
    CONTROL_PLANE_PORT: port(8081).describe('Port of the control plane (/api/*). Example: 8081'),
    SESSION_SECRET: secret('Signs session cookies. Example: 64 random hex characters'),
    CREDENTIAL_ENCRYPTION_KEY: secret('Encrypts provider credentials at rest (AES-256-GCM key material).'),
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
  })
  .superRefine(refuseDevelopmentSecrets(['SESSION_SECRET', 'CREDENTIAL_ENCRYPTION_KEY']));

/** apps/billing-worker: usage stream consumer and Stripe reporter. */
export const billingWorkerEnvSchema = commonEnvSchema.extend({
  HEALTH_PORT: port(8082).describe('Port of /healthz, /readyz and /metrics. Example: 8082'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  STRIPE_SECRET_KEY: z.string().optional().describe('Stripe secret key; unset = Stripe reporting disabled.'),
  STRIPE_API_BASE_URL: z.url().optional().describe('Stripe API base URL for a local test server.'),
});

/** apps/portal (Next.js server side). */
export const portalEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  CONTROL_PLANE_URL: z.url().default('http://127.0.0.1:8081').describe('Control-plane API base URL.'),
  PUBLIC_GATEWAY_URL: z.url().default('http://127.0.0.1:8080').describe('Data-plane URL shown in snippets.'),
});

export type CommonEnv = z.infer<typeof commonEnvSchema>;
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export type BillingWorkerEnv = z.infer<typeof billingWorkerEnvSchema>;
export type PortalEnv = z.infer<typeof portalEnvSchema>;
