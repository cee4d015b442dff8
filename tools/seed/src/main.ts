import { parseArgs } from 'node:util';
import { createPrismaClient } from '@llmguard/db';
import { commonEnvSchema, parseEnvOrExit } from '@llmguard/shared';
import { seed, seedBench } from './seed';

/**
 * CLI: `node dist/main.js --secrets-dir .run/demo --demo-upstream-url http://127.0.0.1:9100`, or
 * `--bench-upstream-url URL` to seed only the bench tenant.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'secrets-dir': { type: 'string', default: '.run/demo' },
      'demo-upstream-url': { type: 'string', default: 'http://127.0.0.1:9100' },
      'bench-upstream-url': { type: 'string' },
    },
  });
  const env = parseEnvOrExit('seed', commonEnvSchema, process.env);
  const prisma = createPrismaClient(env.DATABASE_URL);
  try {
    const benchUpstreamUrl = values['bench-upstream-url'];
    if (benchUpstreamUrl) {
      await seedBench(prisma, values['secrets-dir'], benchUpstreamUrl);
      process.stdout.write('seeded the bench tenant\n');
      return;
    }
    const result = await seed(prisma, {
      secretsDir: values['secrets-dir'],
      demoUpstreamUrl: values['demo-upstream-url'],
    });
    process.stdout.write(`seeded tenant ${result.tenantId} with key ${result.apiKeyId}\n`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
