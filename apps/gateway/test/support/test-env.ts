/** The test database and Redis namespace; scripts/test-all.sh sets the same values. */
export const TEST_ENV = {
  // The application role, like production: row-level security applies to it (README, "Database roles").
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1',
  REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX ?? 'llmguard-test:',
  // Suites sign up many users from 127.0.0.1 and the counter outlives a run; the limit has its own test.
  SIGNUP_MAX_PER_IP: '1000000',
  // Warnings and errors only: one access line per request would bury a failing test's output.
  LOG_LEVEL: 'warn',
  // An ephemeral port per gateway: suites run side by side, so the default 9464 would collide.
  METRICS_PORT: '0',
};

/**
 * The tables' owner (the role migrations run as), for the few tests that must work around what the application
 * role may not do: tamper with the append-only audit log, add test triggers. Never given to the gateway.
 */
export const OWNER_DATABASE_URL =
  process.env.MIGRATION_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test';
