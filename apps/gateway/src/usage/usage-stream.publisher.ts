import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { USAGE_STREAM_KEY, type UsageEvent } from '@llmguard/shared';
import type { UsageSpool } from './usage-spool';

const MAX_BATCH = 500;
// Events gather this long before a flush, so one write and one reply carry the events of many requests instead of
// one each (at concurrency 1 that is a socket write, a read and an event-loop wake-up saved per request).
const LINGER_MS = 5;
const RETRY_INTERVAL_MS = 1_000;

/**
 * Appends usage events to the Redis stream the billing worker consumes: one XADD per request,
 * never a SQL write, and never on the response's critical path. Events published within
 * LINGER_MS of each other leave together in one pipeline. When Redis is unreachable, events go to the local spool;
 * while the spool holds anything, new events queue behind it, so the stream receives every event
 * in publication order once Redis is back.
 */
export class UsageStreamPublisher {
  private readonly logger = new Logger(UsageStreamPublisher.name);
  private readonly streamKey: string;
  private readonly buffer: string[] = [];
  private flushing: Promise<void> | undefined;
  /** Ends the current linger early (a full batch is waiting). */
  private endLinger: (() => void) | undefined;
  private spoolPending = true; // until the spool has been checked (it may hold events of a previous run)
  private readonly retryTimer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly spool: UsageSpool,
  ) {
    this.streamKey = `${keyPrefix}${USAGE_STREAM_KEY}`;
    this.retryTimer = setInterval(() => {
      if (this.spoolPending) this.scheduleFlush();
    }, RETRY_INTERVAL_MS).unref();
    this.scheduleFlush();
  }

  publish(event: UsageEvent): void {
    this.buffer.push(JSON.stringify(event));
    if (this.buffer.length >= MAX_BATCH) this.endLinger?.();
    this.scheduleFlush();
  }

  /** Resolves when every event published so far is in Redis or in the spool. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.retryTimer);
    await this.flush();
  }

  /** True while events wait in the local spool for Redis. */
  get spooling(): boolean {
    return this.spoolPending;
  }

  private scheduleFlush(): void {
    this.flushing ??= this.flushLoop().finally(() => {
      this.flushing = undefined;
    });
  }

  private async flushLoop(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, LINGER_MS);
      this.endLinger = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.endLinger = undefined;
    if (this.spoolPending) await this.tryDrainSpool();
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      if (!this.spoolPending) {
        try {
          await this.appendToStream(batch);
          continue;
        } catch (error) {
          this.spoolPending = true;
          this.logger.error(`Redis unreachable, spooling usage events locally: ${String(error)}`);
        }
      }
      await this.spool.append(batch);
    }
  }

  private async tryDrainSpool(): Promise<void> {
    try {
      const replayed = await this.spool.drain((line) => this.appendToStream([line]));
      this.spoolPending = false;
      if (replayed > 0) this.logger.log(`replayed ${replayed} spooled usage events`);
    } catch {
      // Redis is still away; the retry timer tries again.
    }
  }

  private async appendToStream(lines: string[]): Promise<void> {
    // A lone event (the usual case below saturation) skips the pipeline object.
    if (lines.length === 1) {
      await this.redis.xadd(this.streamKey, '*', 'event', lines[0] as string);
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const line of lines) pipeline.xadd(this.streamKey, '*', 'event', line);
    const results = await pipeline.exec();
    const failure = results?.find(([error]) => error !== null)?.[0];
    // A partly applied batch is spooled whole: the repeats are no-ops downstream (unique request id).
    if (!results || failure) throw failure ?? new Error('pipeline was not executed');
  }
}
