const DAY_MS = 24 * 3600 * 1000;

/**
 * Replicas compare event times on their own clocks; refusing events an hour before the retention
 * cutoff covers any plausible skew, so an event is never accepted after its stored copy was deleted.
 */
const LATE_EVENT_MARGIN_MS = 3600 * 1000;

/** Raw usage rows that occurred before this are deleted by the retention job. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * The oldest event time the consumer still stores. Anything older may already have been stored and
 * then deleted by retention, so storing it again could bill it twice: it goes to the dead-letter
 * stream for a person to decide.
 */
export function oldestAcceptedEventTime(now: Date, retentionDays: number): Date {
  return new Date(retentionCutoff(now, retentionDays).getTime() + LATE_EVENT_MARGIN_MS);
}
