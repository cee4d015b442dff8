import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import { USAGE_STREAM_KEY, type BillingWorkerEnv } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';
import { WORKER_ENV } from '../config';
import { BILLING_GROUP, streamIdTimeMs } from '../usage-stream/stream-entries';
import { WorkerMetrics } from './worker-metrics';

/** XINFO GROUPS answers each group as a flat [field, value, …] list. */
type GroupInfo = (string | number | null)[];

/**
 * Sets the backlog gauges (usage stream lag and pending entries, billing outbox) from Redis and Postgres when
 * /metrics is scraped, so they are exact at scrape time and cost nothing between scrapes. A source that does not
 * answer leaves its gauges at their last value and is logged; the scrape itself still succeeds, so the process
 * metrics and counters stay visible while Redis or Postgres is down.
 */
@Injectable()
export class BacklogGauges {
  private readonly logger = new Logger(BacklogGauges.name);
  private readonly streamKey: string;

  constructor(
    private readonly redis: Redis,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(WORKER_ENV) env: BillingWorkerEnv,
    private readonly metrics: WorkerMetrics,
  ) {
    this.streamKey = `${env.REDIS_KEY_PREFIX}${USAGE_STREAM_KEY}`;
  }

  async refresh(now = Date.now()): Promise<void> {
    const results = await Promise.allSettled([this.observeStream(now), this.observeOutbox(now)]);
    for (const result of results)
      if (result.status === 'rejected')
        this.logger.warn(`backlog gauges not refreshed: ${String(result.reason)}`);
  }

  private async observeStream(now: number): Promise<void> {
    const groups = (await this.redis.xinfo('GROUPS', this.streamKey).catch((error: unknown) => {
      // No stream yet (no usage ever published, or before the consumer made it): nothing waits.
      if (String(error).includes('no such key')) return [];
      throw error;
    })) as GroupInfo[];
    const group = groups.map(toRecord).find((fields) => fields.name === BILLING_GROUP);
    const [pending = 0, oldestId] = group
      ? ((await this.redis.xpending(this.streamKey, BILLING_GROUP)) as [number, string | null])
      : [0, null];
    // Redis reports no lag (null) when it cannot tell it (after XDEL or trimming past the group): count it as 0.
    this.metrics.streamLag.set(Number(group?.lag ?? 0));
    this.metrics.streamPending.set(pending);
    this.metrics.streamOldestPendingAge.set(
      oldestId ? Math.max(0, now - streamIdTimeMs(oldestId)) / 1000 : 0,
    );
  }

  private async observeOutbox(now: number): Promise<void> {
    const [row] = await this.prisma.$queryRaw<
      { pending: bigint; failed: bigint; oldest_pending: Date | null }[]
    >`
      SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
        count(*) FILTER (WHERE status = 'failed') AS failed,
        min(created_at) FILTER (WHERE status = 'pending') AS oldest_pending
      FROM billing_outbox WHERE status IN ('pending', 'failed')`;
    this.metrics.outboxPending.set(Number(row?.pending ?? 0));
    this.metrics.outboxFailed.set(Number(row?.failed ?? 0));
    const oldest = row?.oldest_pending?.getTime();
    this.metrics.outboxOldestPendingAge.set(oldest === undefined ? 0 : Math.max(0, now - oldest) / 1000);
  }
}

function toRecord(info: GroupInfo): Record<string, string | number | null> {
  const record: Record<string, string | number | null> = {};
  for (let index = 0; index + 1 < info.length; index += 2)
    record[String(info[index])] = info[index + 1] ?? null;
  return record;
}
