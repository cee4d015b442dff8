import 'reflect-metadata';
import { Logger, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { assertDependenciesReachable, createLogger, PinoNestLogger } from '@llmguard/server';
import { createWorkerClients, WorkerClientsModule } from './clients/worker-clients';
import { loadWorkerEnv } from './config';
import { WorkerModule } from './worker.module';

/**
 * Starts the worker. Its only HTTP surface is /healthz, /readyz and /metrics (Prometheus) on
 * HEALTH_PORT; the work itself is the usage-stream consumer and the BullMQ processors.
 */
export type RunningBillingWorker = { healthUrl: string; close(): Promise<void> };

export async function startBillingWorker(
  envSource: Record<string, string | undefined> = process.env,
): Promise<RunningBillingWorker> {
  const env = loadWorkerEnv(envSource);
  const clients = createWorkerClients(env);
  await assertDependenciesReachable('billing-worker', clients.healthChecks);
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: class WorkerRootModule {},
      imports: [WorkerClientsModule.forClients(clients), WorkerModule],
    } as DynamicModule,
    new FastifyAdapter({ logger: false }),
    // One JSON object per line, like the gateway's (libs/server json-logger).
    { logger: new PinoNestLogger(createLogger('llmguard-billing-worker', env.LOG_LEVEL)) },
  );
  await app.listen(env.HEALTH_PORT, env.HOST);
  return {
    healthUrl: await app.getUrl(),
    async close() {
      await app.close();
      await clients.close();
    },
  };
}

if (require.main === module) {
  startBillingWorker()
    .then((worker) => {
      new Logger('BillingWorker').log(`consuming usage; health on ${worker.healthUrl}/healthz`);
      const shutdown = () => void worker.close().then(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `billing-worker: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exit(1);
    });
}
