import { USAGE_RANGE_DAYS_MAX, type UsageGranularity, type UsageGroupBy } from '@llmguard/shared';
import { firstParam, type SearchParams } from './search-params';

// What the usage page shows, kept in the URL so a view can be shared, reloaded and exported:
// `range` (a preset or `custom` with `from`/`to` days), `granularity` and `split`. Every range is
// cut in UTC, like the control plane's buckets, and ends at the end of the current hour or day so
// the bucket in progress is shown.

export const USAGE_PRESETS = ['24h', '7d', '30d', 'month', 'custom'] as const;
export type UsagePreset = (typeof USAGE_PRESETS)[number];

export const USAGE_PRESET_LABELS: Readonly<Record<UsagePreset, string>> = {
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
  month: 'This month',
  custom: 'Custom',
};

/** How the charts are split: one series per model, per API key, or one series in all. */
export type UsageSplit = 'model' | 'key' | 'none';
export const USAGE_SPLITS: readonly UsageSplit[] = ['model', 'key', 'none'];
export const USAGE_SPLIT_LABELS: Readonly<Record<UsageSplit, string>> = {
  model: 'Model',
  key: 'API key',
  none: 'None',
};

const GROUP_BY: Readonly<Record<UsageSplit, UsageGroupBy | undefined>> = {
  model: 'model',
  key: 'apiKey',
  none: undefined,
};

export type UsageView = {
  preset: UsagePreset;
  granularity: UsageGranularity;
  split: UsageSplit;
  /** Inclusive start, ISO. */
  from: string;
  /** Exclusive end, ISO. */
  to: string;
  /** For the custom form: the first and last day shown, `YYYY-MM-DD`. */
  fromDay: string;
  toDay: string;
  /** Why the URL's choice was not followed (a bad custom range, hours over too long a range). */
  notice?: string;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const PRESET_DAYS: Readonly<Record<'24h' | '7d' | '30d', number>> = { '24h': 1, '7d': 7, '30d': 30 };
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The view a URL asks for, corrected (with a notice) where the control plane would refuse it. */
export function parseUsageView(params: SearchParams, now: Date): UsageView {
  const split = oneOf(USAGE_SPLITS, firstParam(params, 'split')) ?? 'model';
  const preset = oneOf(USAGE_PRESETS, firstParam(params, 'range')) ?? '7d';
  const asked = oneOf(['hour', 'day'] as const, firstParam(params, 'granularity'));

  if (preset === 'custom') {
    const custom = customRange(firstParam(params, 'from'), firstParam(params, 'to'));
    if ('error' in custom) {
      return { ...presetView('7d', asked ?? 'day', split, now), notice: custom.error };
    }
    const granularity = asked ?? 'day';
    return fitGranularity({ preset, granularity, split, ...custom });
  }
  const granularity = asked ?? (preset === '24h' ? 'hour' : 'day');
  return fitGranularity(presetView(preset, granularity, split, now));
}

/** The query of the control plane's series (and export) for a view. */
export function usageSeriesQuery(view: UsageView): Record<string, string | undefined> {
  return {
    from: view.from,
    to: view.to,
    granularity: view.granularity,
    groupBy: GROUP_BY[view.split],
  };
}

/** The URL search string of a view, with some of its settings changed. */
export function usageViewSearch(
  view: UsageView,
  change: Partial<Pick<UsageView, 'preset' | 'granularity' | 'split'>> = {},
): string {
  const next = { ...view, ...change };
  const search = new URLSearchParams({ range: next.preset });
  if (next.preset === 'custom') {
    search.set('from', next.fromDay);
    search.set('to', next.toDay);
  }
  // A new preset gets its own default granularity unless one is asked for explicitly.
  if (change.preset === undefined || change.granularity !== undefined) {
    search.set('granularity', next.granularity);
  }
  search.set('split', next.split);
  return `?${search.toString()}`;
}

function presetView(
  preset: Exclude<UsagePreset, 'custom'>,
  granularity: UsageGranularity,
  split: UsageSplit,
  now: Date,
): UsageView {
  const step = granularity === 'hour' ? HOUR_MS : DAY_MS;
  const end = Math.floor(now.getTime() / step) * step + step;
  const start =
    preset === 'month'
      ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)
      : end - PRESET_DAYS[preset] * DAY_MS;
  return withDays({ preset, granularity, split, from: new Date(start), to: new Date(end) });
}

/** `from`..`to` as whole UTC days, both included. */
function customRange(
  fromDay: string | undefined,
  toDay: string | undefined,
): { from: string; to: string; fromDay: string; toDay: string } | { error: string } {
  const from = parseDay(fromDay);
  const last = parseDay(toDay);
  if (from === undefined || last === undefined) {
    return { error: 'Pick a start and an end date for a custom range. Showing the last 7 days.' };
  }
  if (last < from) return { error: 'The end date is before the start date. Showing the last 7 days.' };
  const to = last + DAY_MS;
  const daysMax = USAGE_RANGE_DAYS_MAX.day;
  if (to - from > daysMax * DAY_MS) {
    return { error: `A range covers at most ${daysMax} days. Showing the last 7 days.` };
  }
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    fromDay: fromDay as string,
    toDay: toDay as string,
  };
}

/** Hours over a range longer than the control plane draws hourly become days, with a notice. */
function fitGranularity(view: UsageView): UsageView {
  const span = Date.parse(view.to) - Date.parse(view.from);
  const hoursMax = USAGE_RANGE_DAYS_MAX.hour;
  if (view.granularity === 'hour' && span > hoursMax * DAY_MS) {
    return {
      ...view,
      granularity: 'day',
      notice: view.notice ?? `Hourly buckets cover at most ${hoursMax} days: showing days.`,
    };
  }
  return view;
}

function withDays(
  view: Omit<UsageView, 'from' | 'to' | 'fromDay' | 'toDay'> & { from: Date; to: Date },
): UsageView {
  return {
    ...view,
    from: view.from.toISOString(),
    to: view.to.toISOString(),
    fromDay: view.from.toISOString().slice(0, 10),
    // The last day the range touches (`to` is exclusive).
    toDay: new Date(view.to.getTime() - 1).toISOString().slice(0, 10),
  };
}

function parseDay(day: string | undefined): number | undefined {
  if (day === undefined || !DAY_PATTERN.test(day)) return undefined;
  const time = Date.parse(`${day}T00:00:00Z`);
  // Date.parse accepts 2026-02-31 as March 3rd; a round trip refuses it.
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day ? undefined : time;
}

function oneOf<Value extends string>(values: readonly Value[], raw: string | undefined): Value | undefined {
  return values.find((value) => value === raw);
}

/** The dashboard's periods (UTC): today and this month so far, and the last 24 hours by hour. */
export type DashboardRanges = {
  today: { from: string; to: string };
  month: { from: string; to: string };
  last24Hours: { from: string; to: string };
};

export function dashboardRanges(now: Date): DashboardRanges {
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const tomorrow = new Date(dayStart + DAY_MS).toISOString();
  const nextHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  return {
    today: { from: new Date(dayStart).toISOString(), to: tomorrow },
    month: {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      to: tomorrow,
    },
    last24Hours: { from: new Date(nextHour - DAY_MS).toISOString(), to: new Date(nextHour).toISOString() },
  };
}
