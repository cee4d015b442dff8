import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { newId, randomBase62, type BillingWorkerEnv } from '@llmguard/shared';
import { startBillingWorker, type RunningBillingWorker } from '../src/main';
import { COMPUTE_SLA_REPORTS_JOB, SLA_REPORTS_QUEUE } from '../src/sla/sla-reports.queue';
import { BillingOutboxRepository } from '../src/stripe/billing-outbox.repository';
import { MeterEventSender } from '../src/stripe/meter-event.sender';
import { stripeProvider } from '../src/stripe/stripe.client';
import { BILLING_GROUP } from '../src/usage-stream/stream-entries';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe';
import { metricsApp, type MetricsApp } from './support/metrics-app';
import { scrape, valueOf, type Scrape } from './support/prometheus-text';
import { createTenant, deleteStripeTestData, ensureTiers, stripeWorkerEnv } from './support/stripe-fixtures';
import { deleteUsageOf, publish, streamKeyOf, testWorkerEnv, usageEvent } from './support/usage-fixtures';

const prisma = createPrismaClient(
  process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test',
);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1');
const WAIT = { timeout: 10_000, interval: 100 };

afterAll(async () => {
  await prisma.$disconnect();
  redis.disconnect();
});

async function dropKeys(env: BillingWorkerEnv): Promise<void> {
  const keys = await redis.keys(`${env.REDIS_KEY_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
}

describe('GET /metrics of a running worker', () => {
  const TENANT = 'tnt_worker_metrics_test';
  const CLAIM_IDLE_MS = 600;
  const settings = {
    HEALTH_PORT: '0',
    USAGE_BLOCK_MS: '100',
    USAGE_CLAIM_IDLE_MS: String(CLAIM_IDLE_MS),
    USAGE_TRIM_INTERVAL_MS: '200',
    // Far beyond any test data: this worker's retention job must not delete other suites' rows.
    USAGE_RETENTION_DAYS: '3650',
  };
  const env = testWorkerEnv(settings);
  let worker: RunningBillingWorker;
  const metrics = () => scrape(`${worker.healthUrl}/metrics`);
  const series = (samples: Scrape, name: string, labels: Record<string, string> = {}) =>
    valueOf(samples, `llmguard_worker_${name}`, labels);

  beforeAll(async () => {
    await deleteUsageOf(prisma, TENANT);
    worker = await startBillingWorker({
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
      ...settings,
    });
  });

  afterAll(async () => {
    await worker.close();
    await deleteUsageOf(prisma, TENANT);
    await dropKeys(env);
  });

  it('serves the Prometheus text format with zeroed counters and process metrics before any work', async () => {
    const response = await fetch(`${worker.healthUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = await metrics();
    expect(samples.get('llmguard_worker_usage_batches_total{result="committed"}')).toBe(0);
    expect(samples.get('llmguard_worker_usage_batches_total{result="failed"}')).toBe(0);
    expect(samples.get('llmguard_worker_usage_stream_pending_entries')).toBe(0);
    expect(samples.has('llmguard_worker_process_cpu_user_seconds_total')).toBe(true);
  });

  it('counts aggregated, duplicate and dead-lettered usage and times each committed batch', async () => {
    const first = usageEvent(TENANT);
    await publish(redis, env, first, usageEvent(TENANT), { not: 'a usage event' });
    await vi.waitFor(async () => {
      const samples = await metrics();
      expect(series(samples, 'usage_events_aggregated_total')).toBe(2);
      expect(series(samples, 'usage_events_dead_lettered_total')).toBe(1);
    }, WAIT);
    // The gateway retrying an XADD: the same request id again is stored once and counted as a duplicate.
    await publish(redis, env, first);
    await vi.waitFor(async () => {
      const samples = await metrics();
      expect(series(samples, 'usage_events_duplicate_total')).toBe(1);
      expect(series(samples, 'usage_events_aggregated_total')).toBe(2);
      const committed = series(samples, 'usage_batches_total', { result: 'committed' });
      expect(committed).toBeGreaterThanOrEqual(2);
      expect(series(samples, 'usage_batch_duration_seconds_count')).toBe(committed);
    }, WAIT);
  });

  it('shows an entry left pending by a dead consumer, then counts its claim', async () => {
    // XADD and a read by another consumer in one transaction, so this worker's blocked read never sees the entry.
    const transaction = redis.multi();
    transaction.xadd(streamKeyOf(env), '*', 'event', JSON.stringify(usageEvent(TENANT)));
    transaction.xreadgroup(
      'GROUP',
      BILLING_GROUP,
      'dead-consumer',
      'COUNT',
      10,
      'STREAMS',
      streamKeyOf(env),
      '>',
    );
    await transaction.exec();

    const pending = await metrics();
    expect(series(pending, 'usage_stream_pending_entries')).toBe(1);
    expect(series(pending, 'usage_stream_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(series(pending, 'usage_entries_claimed_total')).toBe(0);

    await vi.waitFor(async () => {
      const samples = await metrics();
      expect(series(samples, 'usage_entries_claimed_total')).toBe(1);
      expect(series(samples, 'usage_events_aggregated_total')).toBe(3);
      expect(series(samples, 'usage_stream_pending_entries')).toBe(0);
      expect(series(samples, 'usage_stream_oldest_pending_age_seconds')).toBe(0);
    }, WAIT);
  });

  it('counts BullMQ jobs per queue and SLA report runs', async () => {
    const queue = new Queue(SLA_REPORTS_QUEUE, {
      connection: { url: env.REDIS_URL },
      prefix: `${env.REDIS_KEY_PREFIX}bull`,
    });
    try {
      const before = await metrics();
      await queue.add('no-such-job', {}, { attempts: 1 });
      await queue.add(COMPUTE_SLA_REPORTS_JOB, {}, { attempts: 1 });
      await vi.waitFor(
        async () => {
          const samples = await metrics();
          const delta = (name: string, labels: Record<string, string>) =>
            series(samples, name, labels) - series(before, name, labels);
          expect(delta('jobs_total', { queue: SLA_REPORTS_QUEUE, result: 'failed' })).toBe(1);
          expect(
            delta('jobs_total', { queue: SLA_REPORTS_QUEUE, result: 'completed' }),
          ).toBeGreaterThanOrEqual(1);
          expect(delta('sla_report_runs_total', { result: 'ok' })).toBeGreaterThanOrEqual(1);
          // The stream trimmer runs every 200 ms on its own queue.
          expect(
            series(samples, 'jobs_total', { queue: 'usage-maintenance', result: 'completed' }),
          ).toBeGreaterThan(0);
        },
        { timeout: 20_000, interval: 200 },
      );
    } finally {
      await queue.close();
    }
  });
});

describe('usage stream lag', () => {
  const env = testWorkerEnv();
  let app: MetricsApp;

  beforeAll(async () => {
    app = await metricsApp(env);
  });

  afterAll(async () => {
    await app.close();
    await dropKeys(env);
  });

  it('is 0 before the stream exists, then counts entries the billing group has not read', async () => {
    expect(valueOf(await scrape(app.metricsUrl), 'llmguard_worker_usage_stream_lag_entries')).toBe(0);
    await redis.xgroup('CREATE', streamKeyOf(env), BILLING_GROUP, '0', 'MKSTREAM');
    await publish(redis, env, usageEvent('tnt_lag'), usageEvent('tnt_lag'), usageEvent('tnt_lag'));
    expect(valueOf(await scrape(app.metricsUrl), 'llmguard_worker_usage_stream_lag_entries')).toBe(3);

    await redis.xreadgroup('GROUP', BILLING_GROUP, 'reader', 'COUNT', 2, 'STREAMS', streamKeyOf(env), '>');
    const samples = await scrape(app.metricsUrl);
    expect(valueOf(samples, 'llmguard_worker_usage_stream_lag_entries')).toBe(1);
    expect(valueOf(samples, 'llmguard_worker_usage_stream_pending_entries')).toBe(2);
  });
});

describe('Stripe meter reporting and the billing outbox', () => {
  const METER_PATH = '/v1/billing/meter_events';
  const tenants: string[] = [];
  let fake: FakeStripe;
  let env: BillingWorkerEnv;
  let app: MetricsApp;
  const now = new Date();

  /** A due outbox row of this suite's meter, created `ageMs` ago. */
  async function outboxRow(tenantId: string, ageMs = 0) {
    const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 3_600_000);
    await prisma.billingOutbox.create({
      data: {
        id: newId('obx'),
        tenantId,
        identifier: `${tenantId}:${env.STRIPE_METER_EVENT_NAME}:${randomBase62(12)}`,
        eventName: env.STRIPE_METER_EVENT_NAME,
        value: 100n,
        windowStart: hour,
        windowEnd: new Date(hour.getTime() + 3_600_000),
        payload: {},
        nextAttemptAt: new Date(now.getTime() - ageMs),
        createdAt: new Date(now.getTime() - ageMs),
      },
    });
  }

  const failures = (samples: Scrape, errorClass: string, permanent: boolean) =>
    valueOf(samples, 'llmguard_worker_stripe_meter_event_failures_total', {
      error_class: errorClass,
      permanent: String(permanent),
    });

  beforeAll(async () => {
    await ensureTiers(prisma);
    fake = await startFakeStripe();
    env = stripeWorkerEnv(fake);
    app = await metricsApp(env, [stripeProvider, BillingOutboxRepository, MeterEventSender]);
  });

  afterAll(async () => {
    await deleteStripeTestData(prisma, env, tenants);
    await app.close();
    await fake.close();
    await dropKeys(env);
  });

  it('shows the outbox backlog, then counts sent events and failures by error class', async () => {
    const paying = await createTenant(prisma, 'pro', 'cus_metrics_test');
    const withoutCustomer = await createTenant(prisma, 'pro', null);
    tenants.push(paying, withoutCustomer);
    await outboxRow(paying, 10 * 60_000);
    await outboxRow(withoutCustomer);

    const before = await scrape(app.metricsUrl);
    expect(valueOf(before, 'llmguard_worker_stripe_outbox_pending_events')).toBeGreaterThanOrEqual(2);
    expect(
      valueOf(before, 'llmguard_worker_stripe_outbox_oldest_pending_age_seconds'),
    ).toBeGreaterThanOrEqual(600);

    // Stripe answers 500 once: the event is retried later, counted as a transient server error.
    fake.failNext(METER_PATH, 500);
    await app.get(MeterEventSender).sendDue(now);
    const afterOutage = await scrape(app.metricsUrl);
    expect(failures(afterOutage, 'server_error', false) - failures(before, 'server_error', false)).toBe(1);
    expect(failures(afterOutage, 'no_customer', false) - failures(before, 'no_customer', false)).toBe(1);

    // An hour later both are due again: the paying tenant's event goes through.
    await app.get(MeterEventSender).sendDue(new Date(now.getTime() + 3_600_000));
    const afterRetry = await scrape(app.metricsUrl);
    expect(
      valueOf(afterRetry, 'llmguard_worker_stripe_meter_events_sent_total') -
        valueOf(afterOutage, 'llmguard_worker_stripe_meter_events_sent_total'),
    ).toBeGreaterThanOrEqual(1);
    expect(fake.meterTotal('cus_metrics_test', env.STRIPE_METER_EVENT_NAME)).toBe(100);

    // A 400 is Stripe refusing the event for good: counted as permanent, and the row waits in `failed`.
    await outboxRow(paying);
    fake.failNext(METER_PATH, 400);
    await app.get(MeterEventSender).sendDue(now);
    const afterRefusal = await scrape(app.metricsUrl);
    expect(
      failures(afterRefusal, 'invalid_request', true) - failures(afterRetry, 'invalid_request', true),
    ).toBe(1);
    expect(valueOf(afterRefusal, 'llmguard_worker_stripe_outbox_failed_events')).toBeGreaterThanOrEqual(1);
  });
});
