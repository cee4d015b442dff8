import { parseArgs } from 'node:util';
import { createPrismaClient, type PrismaClient } from '@llmguard/db';
import { credentialSealerFromEnv, rewrapDeploymentCredentials } from '@llmguard/server';
import { commonEnvSchema, credentialKeysEnvShape, parseEnvOrExit } from '@llmguard/shared';
import { seed, seedBench } from './seed';

/**
 * CLI: `node dist/main.js --secrets-dir .run/demo --demo-upstream-url http://127.0.0.1:9100`, or
 * `--bench-upstream-url URL` to seed only the bench tenant. `--demo-upstream-api-key K` seals K into the demo
 * deployments (for a demo upstream started with --api-key K). `--rewrap-credentials` seeds nothing: it re-wraps every
 * deployment credential under the current master key (run it after putting a new key first in
 * CREDENTIAL_MASTER_KEYS, with the same CREDENTIAL_* settings as the gateways).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'secrets-dir': { type: 'string', default: '.run/demo' },
      'demo-upstream-url': { type: 'string', default: 'http://127.0.0.1:9100' },
      'demo-upstream-api-key': { type: 'string' },
      'bench-upstream-url': { type: 'string' },
      'rewrap-credentials': { type: 'boolean', default: false },
    },
  });
  const env = parseEnvOrExit('seed', commonEnvSchema.extend(credentialKeysEnvShape), process.env);
  const sealer = credentialSealerFromEnv(env);
  const prisma = createPrismaClient(env.DATABASE_URL);
  try {
    if (values['rewrap-credentials']) return await rewrap(prisma, sealer);
    const benchUpstreamUrl = values['bench-upstream-url'];
    if (benchUpstreamUrl) {
      await seedBench(prisma, values['secrets-dir'], benchUpstreamUrl);
      process.stdout.write('seeded the bench tenant\n');
      return;
    }
    const apiKey = values['demo-upstream-api-key'];
    const result = await seed(prisma, {
      secretsDir: values['secrets-dir'],
      demoUpstreamUrl: values['demo-upstream-url'],
      demoUpstreamCredential: apiKey ? { apiKey, sealer } : undefined,
    });
    process.stdout.write(`seeded tenant ${result.tenantId} with key ${result.apiKeyId}\n`);
  } finally {
    await prisma.$disconnect();
  }
}

async function rewrap(prisma: PrismaClient, sealer: ReturnType<typeof credentialSealerFromEnv>) {
  const report = await rewrapDeploymentCredentials(prisma, sealer);
  process.stdout.write(
    `re-wrapped ${report.rewrapped} of ${report.examined} deployment credentials under the current master key\n`,
  );
  if (report.failedDeploymentIds.length > 0) {
    process.stderr.write(
      `seed: could not open the credentials of ${report.failedDeploymentIds.join(', ')} (master key missing?)\n`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
