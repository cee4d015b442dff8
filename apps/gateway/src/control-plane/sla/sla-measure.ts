import type { SlaMeasurement, SlaTargets } from '@llmguard/shared';

const DAY_MS = 86_400_000;

/** A month's bounds: its first instant, and where measuring stops (the month's end, or now if sooner). */
export type SlaPeriod = { month: string; from: Date; to: Date; days: string[] };

/** The UTC month `YYYY-MM` up to `now`, with every day that has begun, oldest first. */
export function slaPeriod(month: string, now: Date): SlaPeriod {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(year, monthNumber - 1, 1));
  const monthEnd = new Date(Date.UTC(year, monthNumber, 1));
  const to = now < monthEnd ? now : monthEnd;
  const days: string[] = [];
  for (let at = from.getTime(); at < to.getTime(); at += DAY_MS) days.push(dayOf(new Date(at)));
  return { month, from, to, days };
}

/** `YYYY-MM-DD` of an instant, UTC. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Raw counts and percentiles of a day or month, before rounding and comparing. */
export type SlaCounts = {
  requests: number;
  serverErrors: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP95Ms: number | null;
};

/** The counts of a period without requests. */
export const NO_TRAFFIC: SlaCounts = {
  requests: 0,
  serverErrors: 0,
  latencyP50Ms: null,
  latencyP95Ms: null,
  ttftP95Ms: null,
};

/**
 * Availability in basis points, rounded down so 99.899% never shows as a met 99.90% target; a period without
 * requests was fully available.
 */
export function availabilityBasisPoints(requests: number, serverErrors: number): number {
  if (requests === 0) return 10_000;
  return Math.floor(((requests - serverErrors) * 10_000) / requests);
}

/** Rounds the percentiles to whole ms and compares each measure with its target (a null on either side never breaches). */
export function measure(counts: SlaCounts, targets: SlaTargets): SlaMeasurement {
  const availability = availabilityBasisPoints(counts.requests, counts.serverErrors);
  const latency = roundMs(counts.latencyP95Ms);
  const ttft = roundMs(counts.ttftP95Ms);
  return {
    requests: counts.requests,
    serverErrors: counts.serverErrors,
    availabilityBasisPoints: availability,
    latencyP50Ms: roundMs(counts.latencyP50Ms),
    latencyP95Ms: latency,
    ttftP95Ms: ttft,
    availabilityBreached: availability < targets.availabilityBasisPoints,
    latencyBreached: exceeds(latency, targets.latencyP95Ms),
    ttftBreached: exceeds(ttft, targets.ttftP95Ms),
  };
}

function roundMs(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

function exceeds(measured: number | null, target: number | null): boolean {
  return measured !== null && target !== null && measured > target;
}
