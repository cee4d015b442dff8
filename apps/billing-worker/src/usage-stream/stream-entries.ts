import { usageEventSchema, type UsageEvent } from '@llmguard/shared';

/** The consumer group every billing-worker replica reads the usage stream through. */
export const BILLING_GROUP = 'billing';

/** A stream entry as ioredis returns it: its id and a flat field/value list. */
export type StreamEntry = [id: string, fields: string[]];

/** Why an entry went to the dead-letter stream instead of Postgres. */
export type RejectReason = 'invalid' | 'older_than_retention';

export type DecodedEntries = {
  events: UsageEvent[];
  rejected: { entry: StreamEntry; reason: RejectReason }[];
};

// Postgres INTEGER columns; the shared schema allows any safe integer.
const INT4_MAX = 2_147_483_647;

/**
 * Validates each entry's `event` field. Events older than `notBefore` are rejected too: their raw
 * row may already have been deleted by retention, so storing them again could bill them twice.
 */
export function decodeEntries(entries: StreamEntry[], notBefore: Date): DecodedEntries {
  const decoded: DecodedEntries = { events: [], rejected: [] };
  for (const entry of entries) {
    const fields = entry[1];
    const raw = fields[fields.indexOf('event') + 1];
    const parsed = raw === undefined ? undefined : usageEventSchema.safeParse(safeJson(raw));
    if (!parsed?.success || !fitsColumns(parsed.data)) decoded.rejected.push({ entry, reason: 'invalid' });
    else if (new Date(parsed.data.occurredAt) < notBefore)
      decoded.rejected.push({ entry, reason: 'older_than_retention' });
    else decoded.events.push(parsed.data);
  }
  return decoded;
}

/** A value Postgres would refuse would fail the whole batch on every retry; such an entry is invalid. */
function fitsColumns(event: UsageEvent): boolean {
  const integers = [
    event.inputTokens,
    event.outputTokens,
    event.cachedInputTokens,
    event.latencyMs,
    event.ttftMs ?? 0,
    event.status,
  ];
  return integers.every((value) => Math.abs(value) <= INT4_MAX);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Milliseconds part of a stream id: when Redis appended the entry. */
export function streamIdTimeMs(id: string): number {
  return Number(id.split('-')[0]);
}

/** Orders stream ids (`<ms>-<seq>`) numerically; string order is wrong once the lengths differ. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
