import type { SlaDay } from '@llmguard/shared';

// The SLA page's arithmetic: month navigation and chart points. Months are UTC `YYYY-MM`, like the API.

/** The month before and after `month`; no next month past the current one (the API refuses the future). */
export function adjacentMonths(
  month: string,
  currentMonth: string,
): { previous: string; next: string | null } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const shift = (delta: number) =>
    new Date(Date.UTC(year, monthNumber - 1 + delta, 1)).toISOString().slice(0, 7);
  const next = shift(1);
  return { previous: shift(-1), next: next > currentMonth ? null : next };
}

/** A point of the SLA charts: availability in percent (null on a day without requests) and the percentiles. */
export type SlaChartPoint = {
  day: string;
  availabilityPercent: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP95Ms: number | null;
  breached: boolean;
};

export function toSlaChartPoints(days: readonly SlaDay[]): SlaChartPoint[] {
  return days.map((day) => ({
    day: day.day,
    availabilityPercent: day.requests === 0 ? null : day.availabilityBasisPoints / 100,
    latencyP50Ms: day.latencyP50Ms,
    latencyP95Ms: day.latencyP95Ms,
    ttftP95Ms: day.ttftP95Ms,
    breached: isBreached(day),
  }));
}

export function isBreached(
  day: Pick<SlaDay, 'availabilityBreached' | 'latencyBreached' | 'ttftBreached'>,
): boolean {
  return day.availabilityBreached || day.latencyBreached || day.ttftBreached;
}

/** What a breached day missed, in words: "availability, TTFT". */
export function breachSummary(
  day: Pick<SlaDay, 'availabilityBreached' | 'latencyBreached' | 'ttftBreached'>,
): string {
  return [
    day.availabilityBreached ? 'availability' : null,
    day.latencyBreached ? 'latency' : null,
    day.ttftBreached ? 'TTFT' : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The lowest availability worth showing on the chart's axis: a little under the worst day and the
 * target, so a 99.9% target is not a flat line at the top of a 0–100 axis.
 */
export function availabilityAxisMin(points: readonly SlaChartPoint[], targetPercent: number): number {
  const measured = points
    .map((point) => point.availabilityPercent)
    .filter((value): value is number => value !== null);
  const lowest = Math.min(targetPercent, ...measured);
  const span = Math.max(100 - lowest, 0.1);
  return Math.max(0, Math.floor((lowest - span * 0.5) * 10) / 10);
}

/**
 * The days to list: from the first day with requests on (a workspace created mid-month has nothing to show
 * before), or none when the month has no traffic.
 */
export function daysFromFirstTraffic<Day extends Pick<SlaDay, 'requests'>>(days: readonly Day[]): Day[] {
  const first = days.findIndex((day) => day.requests > 0);
  return first === -1 ? [] : days.slice(first);
}
