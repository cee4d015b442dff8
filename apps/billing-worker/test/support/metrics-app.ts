import type { Provider } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { BillingWorkerEnv } from '@llmguard/shared';
import {
  createWorkerClients,
  WorkerClientsModule,
  type WorkerClients,
} from '../../src/clients/worker-clients';
import { BacklogGauges } from '../../src/metrics/backlog-gauges';
import { MetricsController } from '../../src/metrics/metrics.controller';

/**
 * Some of the worker's services behind a real /metrics endpoint, without the background loop and BullMQ, so a test
 * drives the work with its own clock and then scrapes over HTTP.
 */
export type MetricsApp = {
  clients: WorkerClients;
  metricsUrl: string;
  get<T>(type: new (...args: never[]) => T): T;
  close(): Promise<void>;
};

export async function metricsApp(env: BillingWorkerEnv, providers: Provider[] = []): Promise<MetricsApp> {
  const clients = createWorkerClients(env);
  const module = await Test.createTestingModule({
    imports: [WorkerClientsModule.forClients(clients)],
    controllers: [MetricsController],
    providers: [BacklogGauges, ...providers],
  }).compile();
  const app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ logger: false }), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  return {
    clients,
    metricsUrl: `${await app.getUrl()}/metrics`,
    get: (type) => app.get(type),
    async close() {
      await app.close();
      await clients.close();
    },
  };
}
