import { Redis } from 'ioredis';
import { createPrismaClient } from '@llmguard/db';
import { loadWorkerEnv } from './config';
import { parseReconcileOptions } from './reconcile/reconcile-options';
import { formatReport, reconcile } from './reconcile/reconciliation';

/**
 * `node apps/billing-worker/dist/reconcile.js --from … --to … [--tenant …] [--spool-dir …]`
 * (the worker's environment: DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, STRIPE_*). Prints every
 * difference between the usage stream/spool, usage_events, the hourly rollups and what was reported
 * to Stripe. Exit code 0: consistent; 1: differences; 2: bad arguments or a failure.
 */
async function main(): Promise<number> {
  const options = parseReconcileOptions(process.argv.slice(2));
  const env = loadWorkerEnv();
  const prisma = createPrismaClient(env.DATABASE_URL, { applicationName: 'llmguard-reconcile' });
  const redis = new Redis(env.REDIS_URL, { connectionName: 'llmguard-reconcile', maxRetriesPerRequest: 1 });
  try {
    const sections = await reconcile(prisma, redis, env, options);
    process.stdout.write(`${formatReport(sections, options)}\n`);
    return sections.some((section) => section.differences.length > 0) ? 1 : 0;
  } finally {
    await prisma.$disconnect();
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reconcile: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
