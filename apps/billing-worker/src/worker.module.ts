import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { HealthModule } from '@llmguard/server';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from './config';
import { UsageEventsRepository } from './usage-stream/usage-events.repository';
import { UsageStreamConsumer } from './usage-stream/usage-stream.consumer';

/** The billing worker: usage stream → Postgres; BullMQ for scheduled billing jobs. */
@Module({
  imports: [
    HealthModule,
    BullModule.forRootAsync({
      inject: [WORKER_ENV],
      useFactory: (env: BillingWorkerEnv) => ({
        // BullMQ keeps its own key prefix (it cannot share ioredis' keyPrefix) and needs
        // maxRetriesPerRequest: null on worker connections.
        connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
        prefix: `${env.REDIS_KEY_PREFIX}bull`,
      }),
    }),
  ],
  providers: [UsageEventsRepository, UsageStreamConsumer],
})
export class WorkerModule {}
