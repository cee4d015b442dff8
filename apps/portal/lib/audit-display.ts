import type { AuditListEntryView, ChainBreakReason, VerifyAuditLogResponse } from '@llmguard/shared';

// How the audit log reads: who acted, when, and the state of the hash chain, as short sentences. Pure functions, so
// the server renders them and the tests pin them.

export type ActorDisplay = {
  /** The main line: an email, a key's name, "System", or the bare id of an actor that no longer exists. */
  label: string;
  /** A second line: the user's name, "API key", "Deleted user"… */
  detail: string | null;
  /** A tag beside the label, for actors who are not ordinary members. */
  badge: 'Platform admin' | 'API key' | null;
};

export function describeActor(
  entry: Pick<AuditListEntryView, 'actorType' | 'actorId' | 'actor'>,
): ActorDisplay {
  if (entry.actorType === 'system') return { label: 'System', detail: 'LLMGuard', badge: null };
  const { actor } = entry;
  if (entry.actorType === 'api_key') {
    return actor
      ? { label: actor.name, detail: entry.actorId, badge: 'API key' }
      : { label: entry.actorId ?? 'Unknown key', detail: 'Deleted API key', badge: 'API key' };
  }
  if (!actor) return { label: entry.actorId ?? 'Unknown user', detail: 'Deleted user', badge: null };
  return {
    label: actor.email ?? actor.name,
    detail: actor.name,
    badge: actor.isPlatformAdmin ? 'Platform admin' : null,
  };
}

const DATE_TIME = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** "Nov 25, 2026, 14:05:09 UTC": the absolute time, shown on hover and in the details. */
export function formatDateTimeUtc(iso: string): string {
  return `${DATE_TIME.format(new Date(iso))} UTC`;
}

/** "12s ago", "5m ago", "3h ago", "2d ago", then the date; future times (clock skew) read as "just now". */
export function formatRelativeTime(iso: string, now: Date): string {
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days}d ago`;
  return DATE_TIME.format(new Date(iso)).replace(/, \d{2}:\d{2}:\d{2}$/, '');
}

const BREAK_REASONS: Record<ChainBreakReason, string> = {
  sequence_gap: 'an entry is missing before it (a deleted row)',
  previous_hash_mismatch: 'it does not link to the entry before it (a row was removed or inserted)',
  hash_mismatch: 'its content does not match its hash (the row was edited)',
};

export type ChainStatus = { tone: 'success' | 'danger'; title: string; detail: string };

/** The verify endpoint's answer as a title and one sentence. */
export function describeChain(report: VerifyAuditLogResponse): ChainStatus {
  if (report.valid) {
    if (report.checked === 0) {
      return { tone: 'success', title: 'Chain intact', detail: 'The log has no entries yet.' };
    }
    return {
      tone: 'success',
      title: `Verified up to entry #${report.checked}`,
      detail: `All ${report.checked.toLocaleString('en-US')} entries link to each other and match their hashes.`,
    };
  }
  const broken = report.firstBrokenAt;
  if (!broken) return { tone: 'danger', title: 'Chain broken', detail: 'The check found a broken link.' };
  const intact = broken.sequence - 1;
  return {
    tone: 'danger',
    title: `Chain broken at entry #${broken.sequence}`,
    detail: `${intact > 0 ? `Entries #1–#${intact} are intact; ` : ''}entry #${broken.sequence} fails because ${BREAK_REASONS[broken.reason]}.`,
  };
}

/** JSON for the details panel: two-space indented, or null when there is nothing to show. */
export function prettyJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, null, 2);
}
