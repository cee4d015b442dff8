import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import {
  USAGE_STREAM_KEY,
  usageEventV1Schema,
  type BillingWorkerEnv,
  type UsageEventV1,
} from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { UsageEventsRepository } from './usage-events.repository';

const GROUP = 'billing';
const BATCH_SIZE = 200;
const BLOCK_MS = 2_000;

type StreamEntry = [id: string, fields: string[]];

/**
 * Reads the gateway's usage stream as one consumer of the `billing` group (replicas share the
 * work), writes each batch in one transaction and acknowledges entries only after the commit, so a
 * crash replays the batch and the unique request id turns the replay into a no-op.
 */
@Injectable()
export class UsageStreamConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UsageStreamConsumer.name);
  private readonly streamKey: string;
  private readonly deadLetterKey: string;
  private readonly consumerName = `${hostname()}-${process.pid}`;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  /** Blocking reads get a connection of their own, so they never delay other commands. */
  private readonly redis: Redis;

  constructor(
    redis: Redis,
    private readonly repository: UsageEventsRepository,
    @Inject(WORKER_ENV) env: BillingWorkerEnv,
  ) {
    this.redis = redis.duplicate({ connectionName: 'llmguard-billing-usage-reader' });
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

  /** Reads and stores one batch; returns how many entries it handled. Exposed for tests. */
  async processBatch(blockMs = BLOCK_MS): Promise<number> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      GROUP,
      this.consumerName,
      'COUNT',
      BATCH_SIZE,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.streamKey,
      '>',
    )) as [string, StreamEntry[]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length === 0) return 0;
    const { events, invalid } = decode(entries);
    if (invalid.length > 0) await this.deadLetter(invalid);
    const inserted = await this.repository.insertBatch(events);
    await this.redis.xack(this.streamKey, GROUP, ...entries.map(([id]) => id));
    this.logger.debug(`stored ${inserted} of ${entries.length} usage events`);
    return entries.length;
  }

  private async consume(): Promise<void> {
    while (this.running) {
      try {
        await this.processBatch();
      } catch (error) {
        // Nothing was acknowledged: the entries stay pending and are read again.
        this.logger.error(`usage batch failed, will retry: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.streamKey, GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  /** Entries that fail validation are kept for an operator instead of being dropped. */
  private async deadLetter(entries: StreamEntry[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [id, fields] of entries) pipeline.xadd(this.deadLetterKey, '*', 'source_id', id, ...fields);
    await pipeline.exec();
    this.logger.warn(`${entries.length} invalid usage entries moved to ${this.deadLetterKey}`);
  }
}

function decode(entries: StreamEntry[]): { events: UsageEventV1[]; invalid: StreamEntry[] } {
  const events: UsageEventV1[] = [];
  const invalid: StreamEntry[] = [];
  for (const entry of entries) {
    const fields = entry[1];
    const raw = fields[fields.indexOf('event') + 1];
    const parsed = raw === undefined ? undefined : usageEventV1Schema.safeParse(safeJson(raw));
    if (parsed?.success) events.push(parsed.data);
    else invalid.push(entry);
  }
  return { events, invalid };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
