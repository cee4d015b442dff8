import type { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import type { HealthCheck } from './health/health-check';
import { runHealthChecks } from './health/health-check';

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export function postgresCheck(prisma: PrismaClient, databaseUrl: string): HealthCheck {
  return {
    name: 'postgres',
    async check() {
      try {
        await prisma.$queryRaw`SELECT 1`;
      } catch (error) {
        throw new Error(`DATABASE_URL=${redactUrl(databaseUrl)}: ${describeConnectionError(error)}`);
      }
    },
  };
}

export function redisCheck(redis: Redis, redisUrl: string): HealthCheck {
  return {
    name: 'redis',
    async check() {
      try {
        await redis.ping();
      } catch (error) {
        throw new Error(`REDIS_URL=${redactUrl(redisUrl)}: ${describeConnectionError(error)}`);
      }
    },
  };
}

function describeConnectionError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Prisma wraps driver errors as "P2010: Raw query failed. Code: `N/A`. Message: `Can't reach …`".
  const driverMessage = error.message.match(/Message: `([^`]+)`/)?.[1];
  const code = (error as { code?: unknown }).code;
  const prefix = typeof code === 'string' && !driverMessage ? `${code}: ` : '';
  return `${prefix}${driverMessage ?? error.message.split('\n').slice(-1)[0]}`;
}

/**
 * Start-up gate: an app that cannot reach its dependencies says which one and why, and exits
 * non-zero, instead of serving errors later.
 */
export async function assertDependenciesReachable(appName: string, checks: HealthCheck[], timeoutMs = 5_000) {
  const failures = (await runHealthChecks(checks, timeoutMs)).filter((result) => !result.ok);
  if (failures.length === 0) return;
  process.stderr.write(
    `${appName}: cannot start, a dependency is unreachable:\n` +
      failures.map((failure) => `  - ${failure.name}: ${failure.error}`).join('\n') +
      '\n',
  );
  process.exit(1);
}
