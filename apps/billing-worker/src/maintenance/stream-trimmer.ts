import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { USAGE_STREAM_KEY, type BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { compareStreamIds } from '../usage-stream/stream-entries';

export type TrimResult = { minId: string | null; trimmed: number };

/**
 * Trims the usage stream below what every consumer group has acknowledged, so an entry is removed
 * only once no group can still need it. For each group the first entry it may still need is its
 * oldest pending entry or, with nothing pending, the entry after its last-delivered id (everything
 * up to that id is acknowledged); the stream keeps ids from the lowest of these (XTRIM MINID keeps
 * ids >= the threshold, so the last delivered entry itself stays, harmlessly).
 * Reading the groups and trimming are not atomic, but both bounds only move forward in between.
 */
@Injectable()
export class StreamTrimmer {
  private readonly logger = new Logger(StreamTrimmer.name);
  private readonly streamKey: string;

  constructor(
    private readonly redis: Redis,
    @Inject(WORKER_ENV) env: BillingWorkerEnv,
  ) {
    this.streamKey = `${env.REDIS_KEY_PREFIX}${USAGE_STREAM_KEY}`;
  }

  async trim(): Promise<TrimResult> {
    const minId = await this.lowestIdStillNeeded();
    if (minId === null) return { minId, trimmed: 0 };
    const trimmed = await this.redis.xtrim(this.streamKey, 'MINID', minId);
    if (trimmed > 0) this.logger.log(`usage stream trimmed=${trimmed} below ${minId}`);
    return { minId, trimmed };
  }

  /** Null when nothing may be trimmed: no stream, or no group to say what was acknowledged. */
  async lowestIdStillNeeded(): Promise<string | null> {
    if ((await this.redis.exists(this.streamKey)) === 0) return null;
    const groups = ((await this.redis.xinfo('GROUPS', this.streamKey)) as unknown[][]).map(toRecord);
    let lowest: string | null = null;
    for (const group of groups) {
      const needed = await this.firstIdNeededBy(group);
      if (lowest === null || compareStreamIds(needed, lowest) < 0) lowest = needed;
    }
    return lowest;
  }

  private async firstIdNeededBy(group: Record<string, unknown>): Promise<string> {
    const lastDelivered = String(group['last-delivered-id']);
    if (Number(group.pending) === 0) return lastDelivered;
    // XPENDING's summary form: [count, smallest pending id, greatest pending id, per-consumer counts].
    const [, oldestPending] = (await this.redis.xpending(this.streamKey, String(group.name))) as [
      number,
      string | null,
    ];
    return oldestPending ?? lastDelivered;
  }
}

/** XINFO replies are flat [name, value, name, value…] lists. */
function toRecord(fields: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let index = 0; index + 1 < fields.length; index += 2)
    record[String(fields[index])] = fields[index + 1];
  return record;
}
