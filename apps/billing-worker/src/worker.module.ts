import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { HealthModule } from '@llmguard/server';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from './config';
import { BudgetAlertNotifier } from './budgets/budget-alert.notifier';
import { BudgetAlertsService } from './budgets/budget-alerts.service';
import { BUDGETS_QUEUE } from './budgets/budgets.queue';
import { BudgetsProcessor } from './budgets/budgets.processor';
import { BudgetsScheduler } from './budgets/budgets.scheduler';
import { EffectiveBudgetsRepository } from './budgets/effective-budgets.repository';
import { KeyBudgetsRepository } from './budgets/key-budgets.repository';
import { SpendCounterSync } from './budgets/spend-counter.sync';
import { StreamTrimmer } from './maintenance/stream-trimmer';
import { USAGE_MAINTENANCE_QUEUE } from './maintenance/usage-maintenance.queue';
import { UsageMaintenanceProcessor } from './maintenance/usage-maintenance.processor';
import { UsageMaintenanceScheduler } from './maintenance/usage-maintenance.scheduler';
import { SemanticCacheExpiry } from './maintenance/semantic-cache-expiry';
import { UsageRetention } from './maintenance/usage-retention';
import { BacklogGauges } from './metrics/backlog-gauges';
import { JobMetrics } from './metrics/job-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ModelPricesRepository } from './pricing/model-prices.repository';
import { UsagePricer } from './pricing/usage-pricer';
import { SlaReportComputer } from './sla/sla-report.computer';
import { SLA_REPORTS_QUEUE } from './sla/sla-reports.queue';
import { SlaReportsProcessor } from './sla/sla-reports.processor';
import { SlaReportsScheduler } from './sla/sla-reports.scheduler';
import { StripeBillingModule } from './stripe/stripe-billing.module';
import { UsageEventsRepository } from './usage-stream/usage-events.repository';
import { UsageStreamConsumer } from './usage-stream/usage-stream.consumer';

/**
 * The billing worker: usage stream → priced raw events and hourly rollups in Postgres; BullMQ runs
 * the periodic jobs (stream trimming, raw-event retention) and the Stripe half (StripeBillingModule); GET /metrics
 * serves the Prometheus metrics beside /healthz and /readyz.
 */
@Module({
  imports: [
    HealthModule,
    DiscoveryModule,
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
    BullModule.registerQueue({ name: BUDGETS_QUEUE }),
    BullModule.registerQueue({ name: SLA_REPORTS_QUEUE }),
    StripeBillingModule,
  ],
  controllers: [MetricsController],
  providers: [
    BacklogGauges,
    JobMetrics,
    ModelPricesRepository,
    UsagePricer,
    UsageEventsRepository,
    UsageStreamConsumer,
    StreamTrimmer,
    UsageRetention,
    SemanticCacheExpiry,
    UsageMaintenanceProcessor,
    UsageMaintenanceScheduler,
    SpendCounterSync,
    EffectiveBudgetsRepository,
    KeyBudgetsRepository,
    BudgetAlertNotifier,
    BudgetAlertsService,
    BudgetsProcessor,
    BudgetsScheduler,
    SlaReportComputer,
    SlaReportsProcessor,
    SlaReportsScheduler,
  ],
})
export class WorkerModule {}
