import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import { usageEventSchema, type UsageEvent } from '@llmguard/shared';
import type { ReconcileOptions } from './reconcile-options';

/** A usage event that exists upstream of Postgres (stream or spool) but not in usage_events. */
export type UnstoredEvent = { requestId: string; tenantId: string; occurredAt: string; where: string };

/** Same pattern as the gateway's UsageSpool segments. */
const SPOOL_SEGMENT = /^usage-\d{13}-\d{6}\.ndjson$/;
const CHUNK = 1000;

type Located = { event: UsageEvent; where: string };

/**
 * Events of the period still in the Redis stream (read or not, acknowledged or not: trimming keeps
 * entries for a while) or in a gateway spool directory, whose request id has no usage_events row.
 * Entries that are not valid events are skipped: the worker dead-letters those.
 */
export async function findUnstoredEvents(
  prisma: PrismaClient,
  redis: Redis,
  streamKey: string,
  options: ReconcileOptions,
): Promise<UnstoredEvent[]> {
  const candidates = [
    ...(await streamEvents(redis, streamKey)),
    ...(await spoolEvents(options.spoolDirectory)),
  ].filter(({ event }) => inScope(event, options));
  const unstored: UnstoredEvent[] = [];
  for (let start = 0; start < candidates.length; start += CHUNK) {
    const chunk = candidates.slice(start, start + CHUNK);
    const stored = await prisma.usageEvent.findMany({
      where: { requestId: { in: chunk.map(({ event }) => event.requestId) } },
      select: { requestId: true },
    });
    const storedIds = new Set(stored.map((row) => row.requestId));
    for (const { event, where } of chunk)
      if (!storedIds.has(event.requestId))
        unstored.push({
          requestId: event.requestId,
          tenantId: event.tenantId,
          occurredAt: event.occurredAt,
          where,
        });
  }
  return unstored;
}

function inScope(event: UsageEvent, options: ReconcileOptions): boolean {
  const at = Date.parse(event.occurredAt);
  return (
    at >= options.from.getTime() &&
    at < options.to.getTime() &&
    (options.tenantId === null || event.tenantId === options.tenantId)
  );
}

async function streamEvents(redis: Redis, streamKey: string): Promise<Located[]> {
  const located: Located[] = [];
  let start = '-';
  for (;;) {
    const entries = (await redis.xrange(streamKey, start, '+', 'COUNT', CHUNK)) as [string, string[]][];
    for (const [id, fields] of entries) {
      const index = fields.indexOf('event');
      const event = index >= 0 ? decode(fields[index + 1]) : null;
      if (event) located.push({ event, where: `stream entry ${id}` });
    }
    const last = entries.at(-1);
    if (!last || entries.length < CHUNK) return located;
    start = `(${last[0]}`;
  }
}

async function spoolEvents(directory: string | null): Promise<Located[]> {
  if (directory === null) return [];
  const segments = (await readdir(directory)).filter((name) => SPOOL_SEGMENT.test(name)).sort();
  const located: Located[] = [];
  for (const segment of segments) {
    const lines = (await readFile(join(directory, segment), 'utf8')).split('\n');
    lines.forEach((line, index) => {
      const event = line.length > 0 ? decode(line) : null;
      if (event) located.push({ event, where: `spool ${segment}:${index + 1}` });
    });
  }
  return located;
}

function decode(json: string | undefined): UsageEvent | null {
  try {
    const parsed = usageEventSchema.safeParse(JSON.parse(json ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
