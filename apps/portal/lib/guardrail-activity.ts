import type {
  GuardrailActionCounts,
  GuardrailActivityAction,
  GuardrailActivityDay,
  GuardrailActivityResponse,
  GuardrailRecentAction,
} from '@llmguard/shared';
import { rangeSearchParams, type UsagePreset, type UsageRange } from './admin-usage-range';
import type { ChartRow, ChartSeries } from './usage-chart';

// The guardrails page's shaping of the control plane's activity answer: chart rows, labels, links. Pure, so it is
// unit tested. The range in the URL is the platform usage page's (?range=7d, or ?from=&to= whole UTC days).

/** The page's one line under its title. */
export const GUARDRAILS_DESCRIPTION =
  'What your guardrails did to requests: blocked, redacted, masked or flagged, per day (UTC) and per finding.';

/** The range presets the page offers: whole days, like its chart. */
export const GUARDRAIL_PRESETS: readonly { value: UsagePreset; label: string }[] = [
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
];

/** What each action means, most severe first; colours from red (refused) to grey (reported). */
export const GUARDRAIL_ACTIONS: readonly {
  action: GuardrailActivityAction;
  label: string;
  description: string;
  color: string;
}[] = [
  { action: 'blocked', label: 'Blocked', description: 'Refused requests', color: '#dc2626' },
  { action: 'redacted', label: 'Redacted', description: 'Restored in answers', color: '#4f46e5' },
  { action: 'masked', label: 'Masked', description: 'Replaced for good', color: '#0ea5e9' },
  { action: 'flagged', label: 'Flagged', description: 'Let through, reported', color: '#f59e0b' },
];

/** The chart's series: one per action, stacked. */
export const ACTION_SERIES: ChartSeries[] = GUARDRAIL_ACTIONS.map(({ action, label, color }) => ({
  id: action,
  label,
  color,
}));

/** Rows of the stacked daily chart: one per UTC day, one column per action. */
export function activityChartRows(days: readonly GuardrailActivityDay[]): ChartRow[] {
  return days.map((day) => ({
    bucketStart: `${day.day}T00:00:00.000Z`,
    blocked: day.blocked,
    redacted: day.redacted,
    masked: day.masked,
    flagged: day.flagged,
  }));
}

/** Requests the guardrails acted on, whatever they did. */
export function totalActions(totals: GuardrailActionCounts): number {
  return totals.blocked + totals.redacted + totals.masked + totals.flagged;
}

/** Which guardrails refused the blocked requests, the most first ("2 PII, 1 injection"); undefined for none. */
export function describeBlockedBy(blockedBy: GuardrailActivityResponse['blockedBy']): string | undefined {
  const parts = (
    [
      [blockedBy.pii, 'PII'],
      [blockedBy.promptInjection, 'injection'],
      [blockedBy.contentFilter, 'content'],
    ] as const
  ).filter(([count]) => count > 0);
  if (parts.length === 0) return undefined;
  return [...parts]
    .sort((a, b) => b[0] - a[0])
    .map(([count, label]) => `${count} ${label}`)
    .join(', ');
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  email: 'Email address',
  phone_number: 'Phone number',
  credit_card: 'Credit card',
  iban: 'IBAN',
  us_ssn: 'US SSN',
  ip_address: 'IP address',
  person_name: 'Person name',
  street_address: 'Street address',
  date_of_birth: 'Date of birth',
  secret: 'Secret (key, token)',
};

/** `credit_card` → "Credit card"; a kind the portal does not know reads as its name. */
export function piiKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

const BLOCKED_BY_LABELS: Readonly<Record<NonNullable<GuardrailRecentAction['blockedBy']>, string>> = {
  pii: 'personal data',
  prompt_injection: 'prompt injection',
  content_filter: 'content filter',
};

/** What the guardrails found in one request, in a few words: "Email address, IBAN in output · injection". */
export function describeFindings(entry: GuardrailRecentAction): string {
  const parts: string[] = [];
  if (entry.blockedBy) parts.push(`Blocked by ${BLOCKED_BY_LABELS[entry.blockedBy]}`);
  if (entry.inputPiiKinds.length > 0) parts.push(entry.inputPiiKinds.map(piiKindLabel).join(', '));
  if (entry.outputPiiKinds.length > 0)
    parts.push(`${entry.outputPiiKinds.map(piiKindLabel).join(', ')} in output`);
  if (entry.injectionFlagged && entry.blockedBy !== 'prompt_injection') parts.push('Prompt injection');
  if (entry.termHits > 0) parts.push(`${entry.termHits} blocked term${entry.termHits === 1 ? '' : 's'}`);
  if (entry.categories.length > 0)
    parts.push(entry.categories.map((category) => category.replace(/_/g, ' ')).join(', '));
  return parts.length > 0 ? parts.join(' · ') : '—';
}

/** The audit log filtered to one request's entries (its id is the entries' target). */
export function auditLogHrefForRequest(tenantSlug: string, requestId: string): string {
  const search = new URLSearchParams({ q: requestId, targetType: 'request' });
  return `/${tenantSlug}/audit-log?${search.toString()}`;
}

/** The guardrails page for a range: a preset, or the custom days of `range`. */
export function guardrailsHref(tenantSlug: string, range: UsageRange | UsagePreset): string {
  return `/${tenantSlug}/guardrails?${rangeSearchParams(range).toString()}`;
}
