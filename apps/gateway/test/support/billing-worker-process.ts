import { resolve } from 'node:path';
import { startAppProcess, type AppProcess } from './app-process';

/** The built billing worker (apps/billing-worker/dist/main.js; the gateway's test target builds it first). */
const BILLING_WORKER_MAIN = resolve(__dirname, '../../../billing-worker/dist/main.js');

/**
 * Starts a billing worker on the given database, Redis and key prefix (a gateway's, to store what it meters), reading
 * the usage stream every 100 ms, and waits until it consumes.
 */
export function startBillingWorker(env: {
  DATABASE_URL: string;
  REDIS_URL: string;
  REDIS_KEY_PREFIX: string;
}): Promise<AppProcess> {
  return startAppProcess(
    BILLING_WORKER_MAIN,
    { NODE_ENV: 'test', HEALTH_PORT: '0', USAGE_BLOCK_MS: '100', ...env },
    /consuming usage/,
  );
}
