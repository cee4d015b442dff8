import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { HealthModule } from '@llmguard/server';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from './config';
import { StreamTrimmer } from './maintenance/stream-trimmer';
import { USAGE_MAINTENANCE_QUEUE } from './maintenance/usage-maintenance.queue';
import { UsageMaintenanceProcessor } from './maintenance/usage-maintenance.processor';
import { UsageMaintenanceScheduler } from './maintenance/usage-maintenance.scheduler';
import { UsageRetention } from './maintenance/usage-retention';
import { ModelPricesRepository } from './pricing/model-prices.repository';
import { UsagePricer } from './pricing/usage-pricer';
import { StripeBillingModule } from './stripe/stripe-billing.module';
import { UsageEventsRepository } from './usage-stream/usage-events.repository';
import { UsageStreamConsumer } from './usage-stream/usage-stream.consumer';

/**
 * The billing worker: usage stream → priced raw events and hourly rollups in Postgres; BullMQ runs
 * the periodic jobs (stream trimming, raw-event retention) and the Stripe half (StripeBillingModule).
 */
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
    BullModule.registerQueue({ name: USAGE_MAINTENANCE_QUEUE }),
    StripeBillingModule,
  ],
  providers: [
    ModelPricesRepository,
    UsagePricer,
    UsageEventsRepository,
    UsageStreamConsumer,
    StreamTrimmer,
    UsageRetention,
    UsageMaintenanceProcessor,
    UsageMaintenanceScheduler,
  ],
})
export class WorkerModule {}
