import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { USAGE_STREAM_KEY, type BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { UsagePricer } from '../pricing/usage-pricer';
import { oldestAcceptedEventTime } from './retention-window';
import {
  BILLING_GROUP,
  decodeEntries,
  streamIdTimeMs,
  type DecodedEntries,
  type StreamEntry,
} from './stream-entries';
import { UsageEventsRepository, type PricedUsageEvent } from './usage-events.repository';

/** Entries read (or claimed), decoded, invalid ones dead-lettered, the rest priced: ready to store. */
type Batch = {
  entries: StreamEntry[];
  claimed: boolean;
  decoded: DecodedEntries;
  priced: PricedUsageEvent[];
};
const EMPTY_BATCH: Batch = { entries: [], claimed: false, decoded: { events: [], rejected: [] }, priced: [] };

/** Longest pause between two scans for abandoned entries, whatever USAGE_CLAIM_IDLE_MS says. */
const CLAIM_SCAN_INTERVAL_MS_MAX = 10_000;

/**
 * Reads the gateway's usage stream as one consumer of the `billing` group (replicas share the
 * work). Each batch is priced, stored with its rollups in one transaction, and acknowledged only
 * after the commit; a crash anywhere replays the batch, and the repository turns the replay into a
 * no-op. Entries a dead replica left pending are claimed (XAUTOCLAIM) once idle for
 * USAGE_CLAIM_IDLE_MS, before new entries are read.
 *
 * The loop is pipelined: the next batch is read and priced while the current one is stored, so Redis, the
 * worker's CPU and Postgres work at the same time (see bench/README.md, "Usage aggregation"). At most
 * one batch is read ahead; acknowledgements go over the shared connection so they never wait behind
 * a blocking read.
 */
@Injectable()
export class UsageStreamConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  /** Unique per process, so replicas (and restarts) never share pending entries by accident. */
  readonly consumerName = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly logger = new Logger(UsageStreamConsumer.name);
  private readonly streamKey: string;
  private readonly deadLetterKey: string;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private claimCursor = '0-0';
  private nextClaimScanAt = 0;
  /** Blocking reads get a connection of their own, so they never delay other commands. */
  private readonly redis: Redis;

  constructor(
    private readonly commands: Redis,
    private readonly pricer: UsagePricer,
    private readonly repository: UsageEventsRepository,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
    private readonly metrics: WorkerMetrics,
  ) {
    this.redis = commands.duplicate({ connectionName: 'llmguard-billing-usage-reader' });
    this.streamKey = `${env.REDIS_KEY_PREFIX}${USAGE_STREAM_KEY}`;
    this.deadLetterKey = `${env.REDIS_KEY_PREFIX}usage:dead-letter`;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureGroup();
    this.running = true;
    this.loop = this.consume();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
    this.redis.disconnect();
  }

  /** Claims abandoned entries or reads new ones, and handles them; returns how many. Exposed for tests. */
  async processBatch(blockMs = this.env.USAGE_BLOCK_MS): Promise<number> {
    const batch = await this.nextBatch(blockMs);
    if (batch.entries.length > 0) await this.store(batch);
    return batch.entries.length;
  }

  /** Creates the consumer group (from the start of the stream) unless it exists. */
  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.streamKey, BILLING_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  /** Acknowledges stored entries. Its own method so a test can crash between commit and XACK. */
  protected async acknowledge(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.commands.xack(this.streamKey, BILLING_GROUP, ...ids);
  }

  /** Stores a prepared batch (one transaction), then acknowledges what it stored. */
  private async store({ entries, claimed, decoded, priced }: Batch): Promise<void> {
    const inserted = await this.storeTimed(priced);
    const rejectedIds = new Set(decoded.rejected.map(({ entry }) => entry[0]));
    await this.acknowledge(entries.map(([id]) => id).filter((id) => !rejectedIds.has(id)));
    this.logBatch(entries, decoded, inserted, claimed);
  }

  /** The batch's one transaction, counted and timed (a failed commit is counted, then rethrown for a retry). */
  private async storeTimed(priced: PricedUsageEvent[]): Promise<number> {
    const endTimer = this.metrics.usageBatchDuration.startTimer();
    try {
      const inserted = await this.repository.storeBatch(priced);
      this.metrics.usageBatches.inc({ result: 'committed' });
      this.metrics.usageEventsAggregated.inc(inserted);
      this.metrics.usageEventsDuplicate.inc(priced.length - inserted);
      return inserted;
    } catch (error) {
      this.metrics.usageBatches.inc({ result: 'failed' });
      throw error;
    } finally {
      endTimer();
    }
  }

  /**
   * Abandoned entries if any are due for a claim, else new ones (waiting up to blockMs), decoded and
   * priced; invalid ones are dead-lettered here (acknowledged with them, whatever happens to the rest).
   */
  private async nextBatch(blockMs = this.env.USAGE_BLOCK_MS): Promise<Batch> {
    const abandoned = await this.claimAbandoned();
    const claimed = abandoned.length > 0;
    const entries = claimed ? abandoned : await this.readNew(blockMs);
    if (entries.length === 0) return EMPTY_BATCH;
    if (claimed) this.metrics.usageEntriesClaimed.inc(entries.length);
    const decoded = decodeEntries(
      entries,
      oldestAcceptedEventTime(new Date(), this.env.USAGE_RETENTION_DAYS),
    );
    if (decoded.rejected.length > 0) await this.deadLetter(decoded.rejected);
    return { entries, claimed, decoded, priced: await this.pricer.price(decoded.events) };
  }

  /** nextBatch() marked as handled, so a failure while nobody awaits it yet cannot crash the process. */
  private readAhead(): Promise<Batch> {
    const batch = this.nextBatch();
    batch.catch(() => undefined);
    return batch;
  }

  /**
   * Reads, decodes and prices batch N + 1 while batch N is stored. A failed read or store is logged and the loop goes
   * on after a pause; nothing of a failed batch was acknowledged, so it stays pending and is claimed
   * again once idle. On shutdown the batch already read ahead is still handled.
   */
  private async consume(): Promise<void> {
    let next = this.readAhead();
    while (this.running) {
      try {
        const batch = await next;
        next = this.readAhead();
        if (batch.entries.length > 0) await this.store(batch);
      } catch (error) {
        this.logger.error(`usage batch failed, will retry: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        // The read ahead may have failed too (its rejection is handled here, not left unobserved).
        next = next
          .catch(() => EMPTY_BATCH)
          .then((batch) => (batch.entries.length > 0 ? batch : this.readAhead()));
      }
    }
    const last = await next.catch(() => EMPTY_BATCH);
    if (last.entries.length > 0)
      await this.store(last).catch((error: unknown) =>
        this.logger.error(`usage batch failed at shutdown, left pending: ${String(error)}`),
      );
  }

  private async readNew(blockMs: number): Promise<StreamEntry[]> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      BILLING_GROUP,
      this.consumerName,
      'COUNT',
      this.env.USAGE_BATCH_SIZE,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.streamKey,
      '>',
    )) as [string, StreamEntry[]][] | null;
    return reply?.[0]?.[1] ?? [];
  }

  /**
   * Takes over entries pending for longer than USAGE_CLAIM_IDLE_MS, whoever read them (a replica
   * that died, or this one after a failed batch). The pending list is scanned with a cursor and, once
   * fully scanned, not again for a while, so a quiet stream costs one XAUTOCLAIM per interval.
   */
  private async claimAbandoned(): Promise<StreamEntry[]> {
    if (Date.now() < this.nextClaimScanAt) return [];
    const idleMs = this.env.USAGE_CLAIM_IDLE_MS;
    const [cursor, entries, deletedIds = []] = (await this.redis.xautoclaim(
      this.streamKey,
      BILLING_GROUP,
      this.consumerName,
      idleMs,
      this.claimCursor,
      'COUNT',
      this.env.USAGE_BATCH_SIZE,
    )) as [string, (StreamEntry | null)[], string[]?];
    this.claimCursor = cursor;
    if (cursor === '0-0')
      this.nextClaimScanAt = Date.now() + Math.min(idleMs / 2, CLAIM_SCAN_INTERVAL_MS_MAX);
    // Trimming never removes pending entries, so this means someone deleted them by hand.
    if (deletedIds.length > 0) this.logger.warn(`${deletedIds.length} pending usage entries were deleted`);
    return entries.filter((entry): entry is StreamEntry => entry !== null);
  }

  /**
   * Moves rejected entries to the dead-letter stream and acknowledges them in one MULTI, so they are
   * kept for an operator exactly once, even when the rest of the batch fails and is retried.
   */
  private async deadLetter(rejected: DecodedEntries['rejected']): Promise<void> {
    const transaction = this.commands.multi();
    for (const { entry, reason } of rejected) {
      const [id, fields] = entry;
      transaction.xadd(this.deadLetterKey, '*', 'source_id', id, 'reason', reason, ...fields);
    }
    transaction.xack(this.streamKey, BILLING_GROUP, ...rejected.map(({ entry }) => entry[0]));
    const results = (await transaction.exec()) ?? [];
    const failed = results.find(([error]) => error !== null);
    if (failed) throw failed[0];
    this.metrics.usageEventsDeadLettered.inc(rejected.length);
    this.logger.warn(`${rejected.length} usage entries moved to ${this.deadLetterKey}`);
  }

  private logBatch(
    entries: StreamEntry[],
    decoded: DecodedEntries,
    inserted: number,
    claimed: boolean,
  ): void {
    const oldestId = entries[0]?.[0];
    const lagMs = oldestId === undefined ? 0 : Math.max(0, Date.now() - streamIdTimeMs(oldestId));
    this.logger.log(
      `usage batch count=${entries.length} new=${inserted} duplicates=${decoded.events.length - inserted} ` +
        `dead_lettered=${decoded.rejected.length} claimed=${claimed} lag_ms=${lagMs}`,
    );
  }
}
