import { USAGE_RANGE_DAYS_MAX, type UsageGranularity } from '@llmguard/shared';
import { firstParam, type SearchParams } from './search-params';

// The date range of the platform usage page, kept in the URL (?range=7d, or ?from=2026-01-01&to=2026-01-31):
// presets end with the current UTC hour or day included; a custom range covers whole UTC days, both
// ends included. Bad input falls back to the default and says why.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const USAGE_PRESETS = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
] as const;

export type UsagePreset = (typeof USAGE_PRESETS)[number]['value'];

export const DEFAULT_USAGE_PRESET: UsagePreset = '7d';

export type UsageRange = {
  /** The preset chosen, or 'custom'. */
  preset: UsagePreset | 'custom';
  from: string;
  /** Exclusive. */
  to: string;
  granularity: UsageGranularity;
  /** The custom range's days as typed (YYYY-MM-DD), for the form. */
  fromDay: string;
  toDay: string;
  /** Why the URL's range was not used. */
  problem?: string;
};

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The range the URL asks for, at `now`. */
export function usageRangeFromParams(params: SearchParams, now: Date): UsageRange {
  const fromDay = firstParam(params, 'from') ?? '';
  const toDay = firstParam(params, 'to') ?? '';
  if (fromDay !== '' || toDay !== '') {
    const custom = customRange(fromDay, toDay);
    if (typeof custom !== 'string') return custom;
    return { ...presetRange(DEFAULT_USAGE_PRESET, now), problem: custom };
  }
  const preset = firstParam(params, 'range');
  const known = USAGE_PRESETS.find((choice) => choice.value === preset);
  return presetRange(known?.value ?? DEFAULT_USAGE_PRESET, now);
}

export function presetRange(preset: UsagePreset, now: Date): UsageRange {
  if (preset === '24h') {
    const to = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
    return withDays({ preset, from: iso(to - 24 * HOUR_MS), to: iso(to), granularity: 'hour' });
  }
  const days = Number(preset.slice(0, -1));
  const to = Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  return withDays({ preset, from: iso(to - days * DAY_MS), to: iso(to), granularity: 'day' });
}

/** A custom range of whole days, or why it cannot be used. */
function customRange(fromDay: string, toDay: string): UsageRange | string {
  if (!DAY_PATTERN.test(fromDay) || !DAY_PATTERN.test(toDay)) return 'Enter both days of the range.';
  const from = Date.parse(`${fromDay}T00:00:00Z`);
  const lastDay = Date.parse(`${toDay}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(lastDay)) return 'Enter real calendar days.';
  if (lastDay < from) return 'The range ends before it starts.';
  const to = lastDay + DAY_MS;
  const daysMax = USAGE_RANGE_DAYS_MAX.day;
  if (to - from > daysMax * DAY_MS) return `A range covers at most ${daysMax} days.`;
  return { preset: 'custom', from: iso(from), to: iso(to), granularity: 'day', fromDay, toDay };
}

function withDays(range: Omit<UsageRange, 'fromDay' | 'toDay'>): UsageRange {
  return {
    ...range,
    fromDay: range.from.slice(0, 10),
    toDay: new Date(Date.parse(range.to) - 1).toISOString().slice(0, 10),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Longest tenant filter the API takes. */
const TENANT_FILTER_LENGTH_MAX = 100;

/** The tenant filter of the URL (?tenant=acme): part of a slug or name, trimmed; undefined when empty. */
export function tenantFilterFromParams(params: SearchParams): string | undefined {
  const text = (firstParam(params, 'tenant') ?? '').trim().slice(0, TENANT_FILTER_LENGTH_MAX);
  return text === '' ? undefined : text;
}

/** The platform usage page for a range (a preset, or custom days) and an optional tenant filter. */
export function adminUsageHref(range: UsageRange | UsagePreset, tenant: string | undefined): string {
  const params = rangeSearchParams(range);
  if (tenant) params.set('tenant', tenant);
  return `/admin/usage?${params.toString()}`;
}

/** The URL parameters of a range: `range=<preset>`, or a custom range's `from` and `to` days. */
export function rangeSearchParams(range: UsageRange | UsagePreset): URLSearchParams {
  const params = new URLSearchParams();
  if (typeof range === 'string') params.set('range', range);
  else if (range.preset === 'custom') {
    params.set('from', range.fromDay);
    params.set('to', range.toDay);
  } else params.set('range', range.preset);
  return params;
}
