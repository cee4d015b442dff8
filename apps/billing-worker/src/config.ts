import { billingWorkerEnvSchema, parseEnvOrExit, type BillingWorkerEnv } from '@llmguard/shared';

/** Injection token of the validated environment; nothing else reads process.env. */
export const WORKER_ENV = Symbol('WORKER_ENV');

export function loadWorkerEnv(env: Record<string, string | undefined> = process.env): BillingWorkerEnv {
  return parseEnvOrExit('billing-worker', billingWorkerEnvSchema, env);
}
