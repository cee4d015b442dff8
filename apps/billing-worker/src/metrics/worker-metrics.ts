import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why a Stripe call failed, as a bounded label (see classifyStripeFailure). */
export type StripeErrorClass =
  | 'no_customer'
  | 'network'
  | 'server_error'
  | 'rate_limited'
  | 'conflict'
  | 'timeout'
  | 'authentication'
  | 'invalid_request';

/** The worker's BullMQ queues: the only values of the `queue` label. */
export type WorkerQueueName = 'usage-maintenance' | 'budgets' | 'sla-reports' | 'stripe-billing';

/**
 * Every Prometheus metric of the billing worker, in one registry of its own (not prom-client's global one), so two
 * workers in one test process never share counters. Label values come from closed sets (queue names, results,
 * error classes, channels): no tenant, key or request id ever becomes a label. Gauges of backlogs are set at scrape
 * time by BacklogGauges.
 */
export class WorkerMetrics {
  readonly registry = new Registry();

  readonly usageEventsAggregated = this.counter(
    'llmguard_worker_usage_events_aggregated_total',
    'Usage events stored for the first time and added to the hourly rollups.',
  );
  readonly usageEventsDuplicate = this.counter(
    'llmguard_worker_usage_events_duplicate_total',
    'Usage events skipped because their request id was already stored (a replayed or claimed entry).',
  );
  readonly usageEventsDeadLettered = this.counter(
    'llmguard_worker_usage_events_dead_lettered_total',
    'Usage stream entries that could not be decoded and were moved to the dead-letter stream.',
  );
  readonly usageEntriesClaimed = this.counter(
    'llmguard_worker_usage_entries_claimed_total',
    'Usage stream entries taken over (XAUTOCLAIM) after another consumer left them pending.',
  );
  readonly usageBatches = new Counter({
    name: 'llmguard_worker_usage_batches_total',
    help: 'Usage batches stored in Postgres, by result (committed, failed).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly usageBatchDuration = new Histogram({
    name: 'llmguard_worker_usage_batch_duration_seconds',
    help: 'Time to store one usage batch and its rollups in Postgres (one transaction), committed or not.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly guardrailActions = new Counter({
    name: 'llmguard_guardrail_actions_total',
    help: 'Requests whose guardrails acted, by action (blocked, redacted, masked, flagged), counted once per request from the usage stream.',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });
  readonly guardrailPiiFound = new Counter({
    name: 'llmguard_guardrail_pii_found_total',
    help: 'Pieces of personal data the guardrails found, by kind and direction (input: prompts, output: completions).',
    labelNames: ['kind', 'direction'] as const,
    registers: [this.registry],
  });
  readonly guardrailCategoriesFlagged = new Counter({
    name: 'llmguard_guardrail_categories_flagged_total',
    help: 'Content categories the moderation model flagged, by category and direction (input: prompts, output: completions).',
    labelNames: ['category', 'direction'] as const,
    registers: [this.registry],
  });
  readonly stripeMeterEventsSent = this.counter(
    'llmguard_worker_stripe_meter_events_sent_total',
    'Billing meter events Stripe accepted.',
  );
  readonly stripeMeterEventFailures = new Counter({
    name: 'llmguard_worker_stripe_meter_event_failures_total',
    help: 'Billing meter events not accepted, by error class; permanent="true" ones were marked failed for good.',
    labelNames: ['error_class', 'permanent'] as const,
    registers: [this.registry],
  });
  readonly budgetAlertDeliveries = new Counter({
    name: 'llmguard_worker_budget_alert_deliveries_total',
    help: 'Budget alert deliveries, by channel (email, webhook) and result (ok, failed).',
    labelNames: ['channel', 'result'] as const,
    registers: [this.registry],
  });
  readonly jobs = new Counter({
    name: 'llmguard_worker_jobs_total',
    help: 'BullMQ jobs this worker ran, by queue and result (completed, failed).',
    labelNames: ['queue', 'result'] as const,
    registers: [this.registry],
  });
  readonly slaReportRuns = new Counter({
    name: 'llmguard_worker_sla_report_runs_total',
    help: 'Runs of the daily SLA report computation, by result (ok, failed).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly streamLag = this.gauge(
    'llmguard_worker_usage_stream_lag_entries',
    'Usage stream entries the billing group has not read yet (XINFO GROUPS lag).',
  );
  readonly streamPending = this.gauge(
    'llmguard_worker_usage_stream_pending_entries',
    'Usage stream entries read but not acknowledged yet (the group pending list).',
  );
  readonly streamOldestPendingAge = this.gauge(
    'llmguard_worker_usage_stream_oldest_pending_age_seconds',
    'Age of the oldest entry read but not acknowledged (0 when none).',
  );
  readonly outboxPending = this.gauge(
    'llmguard_worker_stripe_outbox_pending_events',
    'Meter events waiting in billing_outbox to be reported to Stripe.',
  );
  readonly outboxFailed = this.gauge(
    'llmguard_worker_stripe_outbox_failed_events',
    'Meter events Stripe refused for good (status failed), waiting for a person.',
  );
  readonly outboxOldestPendingAge = this.gauge(
    'llmguard_worker_stripe_outbox_oldest_pending_age_seconds',
    'Age of the oldest meter event still waiting to be reported (0 when none).',
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'llmguard_worker_' });
    // Zero-valued series exist from the start, so rate() and absent() work before the first event.
    for (const result of ['committed', 'failed']) this.usageBatches.inc({ result }, 0);
    for (const result of ['ok', 'failed']) this.slaReportRuns.inc({ result }, 0);
    for (const channel of ['email', 'webhook'])
      for (const result of ['ok', 'failed']) this.budgetAlertDeliveries.inc({ channel, result }, 0);
  }

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }
}
