import { z } from 'zod';
import { auditActorTypeSchema, type AuditExportFormat } from '@llmguard/shared';
import { firstParam, type SearchParams } from './search-params';

// The audit log's filters live in the page's URL (?q=&actorType=&actor=&action=&targetType=&from=&to=), so a
// filtered view can be bookmarked, shared and exported as is. Dates are whole UTC days as the date inputs give them
// (`2026-11-25`); the API takes instants, so `to` becomes the start of the next day (its bound is exclusive).

/** The URL parameters of the audit log page, in the order the filter bar shows them. */
export const AUDIT_FILTER_PARAMS = ['q', 'actorType', 'actor', 'action', 'targetType', 'from', 'to'] as const;

export type AuditFilterParam = (typeof AUDIT_FILTER_PARAMS)[number];

/** The filters as the page shows them (strings, empty = no filter). */
export type AuditFilterValues = Record<AuditFilterParam, string>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Actions offered as suggestions in the filter; the field takes any action or `resource.*`. */
export const AUDIT_ACTION_SUGGESTIONS = [
  'api_key.*',
  'api_key.created',
  'api_key.updated',
  'api_key.rotated',
  'api_key.revoked',
  'member.*',
  'invitation.*',
  'policy.*',
  'tenant.*',
  'sso_connection.*',
  'audit_log.exported',
  'guardrail.*',
  'guardrail.blocked',
  'guardrail.redacted',
  'guardrail.flagged',
] as const;

/** Target types recorded on tenant entries: the control plane's, and `request` for guardrail actions. */
export const AUDIT_TARGET_TYPES = [
  'api_key',
  'tenant',
  'membership',
  'invitation',
  'tenant_policy',
  'model_route',
  'sso_connection',
  'budget_alert_webhook',
  'subscription',
  'request',
] as const;

export type ParsedAuditFilters = {
  values: AuditFilterValues;
  /** The list endpoint's query (without paging); undefined entries are left out of the request. */
  query: Record<string, string | undefined>;
  /** Problems with the URL's filters, by parameter; those filters are ignored. */
  errors: Partial<Record<AuditFilterParam, string>>;
};

const text = z.string().trim().max(200);

/** Reads the filters from the page's search params; a bad value is reported and ignored, never thrown. */
export function parseAuditFilters(params: SearchParams): ParsedAuditFilters {
  const values = {} as AuditFilterValues;
  for (const name of AUDIT_FILTER_PARAMS) {
    const parsed = text.safeParse(firstParam(params, name) ?? '');
    values[name] = parsed.success ? parsed.data : '';
  }
  const errors: ParsedAuditFilters['errors'] = {};
  const query: Record<string, string | undefined> = {
    search: values.q || undefined,
    actorId: values.actor || undefined,
    action: values.action || undefined,
    targetType: values.targetType || undefined,
  };
  if (values.actorType) {
    if (auditActorTypeSchema.safeParse(values.actorType).success) query.actorType = values.actorType;
    else errors.actorType = 'Choose a user, an API key or the system.';
  }
  const from = dayStart(values.from);
  const to = dayStart(values.to);
  if (values.from && from === undefined) errors.from = 'Use a date like 2026-01-31.';
  if (values.to && to === undefined) errors.to = 'Use a date like 2026-01-31.';
  if (from !== undefined && to !== undefined && from > to) {
    errors.from = 'The start date must be on or before the end date.';
  } else {
    if (from !== undefined) query.from = new Date(from).toISOString();
    // The whole end day is included: the API's `to` is exclusive.
    if (to !== undefined) query.to = new Date(to + DAY_MS).toISOString();
  }
  return { values, query, errors };
}

/** Midnight UTC of a `YYYY-MM-DD` day in milliseconds, or undefined when it is not a real date. */
function dayStart(day: string): number | undefined {
  if (!DAY.test(day)) return undefined;
  const time = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) return undefined;
  return time;
}

/** Whether any filter is set (the empty state then says "no entries match" rather than "no entries yet"). */
export function hasAuditFilters(values: AuditFilterValues): boolean {
  return AUDIT_FILTER_PARAMS.some((name) => values[name] !== '');
}

/** `?…` of the page with these filters and some parameters changed (an empty value removes it). */
export function auditPageSearch(values: AuditFilterValues, changes: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  for (const name of AUDIT_FILTER_PARAMS) if (values[name]) search.set(name, values[name]);
  for (const [name, value] of Object.entries(changes)) {
    if (value) search.set(name, value);
    else search.delete(name);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The export endpoint's query for the page's filters; without dates the API exports the last 366 days. */
export function auditExportQuery(
  query: ParsedAuditFilters['query'],
  format: AuditExportFormat,
): Record<string, string> {
  const exported: Record<string, string> = { format };
  for (const [name, value] of Object.entries(query)) if (value !== undefined) exported[name] = value;
  return exported;
}
