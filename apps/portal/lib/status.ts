// Readiness probes of the services the portal depends on. The landing page's "System status" card
// and the portal's own /readyz use them. A probe never throws: a service that is down, slow or
// answering garbage is a normal outcome here, shown as "Unavailable".

/** How long a probe waits for an answer before calling the service unavailable. */
export const PROBE_TIMEOUT_MS = 1_500;

export type ServiceState = 'operational' | 'unavailable';

/** What happened when the portal called a service's /readyz. */
export type ProbeOutcome =
  | { kind: 'response'; httpStatus: number; latencyMs: number }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network-error'; errorCode: string | undefined };

/** A probe outcome as the portal shows it. `detail` is short, public text: no hostnames, no stack. */
export type ServiceStatus = { state: ServiceState; detail: string; latencyMs?: number };

export type ProbeOptions = {
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
};

/** `{base}/readyz`, keeping any path prefix of the base URL (`https://host/cp/` → `https://host/cp/readyz`). */
export function readinessUrl(baseUrl: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL('readyz', base).toString();
}

/** Calls `url` once with a timeout and reports what happened. */
export async function probe(url: string, options: ProbeOptions = {}): Promise<ProbeOutcome> {
  const { timeoutMs = PROBE_TIMEOUT_MS, fetchImpl = fetch, now = () => performance.now() } = options;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const startedAt = now();
  try {
    const response = await fetchImpl(url, { signal: controller.signal, cache: 'no-store' });
    // Only the status matters; release the connection instead of reading the body.
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'response', httpStatus: response.status, latencyMs: Math.round(now() - startedAt) };
  } catch (error) {
    if (timedOut) return { kind: 'timeout', timeoutMs };
    return { kind: 'network-error', errorCode: networkErrorCode(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Turns a probe outcome into the state and short text the portal shows. */
export function describeProbe(outcome: ProbeOutcome): ServiceStatus {
  switch (outcome.kind) {
    case 'response':
      if (outcome.httpStatus >= 200 && outcome.httpStatus < 300) {
        return {
          state: 'operational',
          detail: `Ready in ${outcome.latencyMs} ms`,
          latencyMs: outcome.latencyMs,
        };
      }
      return { state: 'unavailable', detail: `Not ready (HTTP ${outcome.httpStatus})` };
    case 'timeout':
      return { state: 'unavailable', detail: `No answer within ${formatSeconds(outcome.timeoutMs)}` };
    case 'network-error':
      return { state: 'unavailable', detail: describeNetworkError(outcome.errorCode) };
    default:
      return assertUnreachable(outcome);
  }
}

/** Probes `{baseUrl}/readyz` and describes the result. */
export async function checkReadiness(baseUrl: string, options?: ProbeOptions): Promise<ServiceStatus> {
  return describeProbe(await probe(readinessUrl(baseUrl), options));
}

export type ReadinessReport = {
  httpStatus: 200 | 503;
  body: { status: 'ready' | 'unavailable'; checks: Record<string, ServiceStatus> };
};

/** The portal's /readyz answer: ready only when every dependency is operational. */
export function buildReadinessReport(checks: Record<string, ServiceStatus>): ReadinessReport {
  const ready = Object.values(checks).every((check) => check.state === 'operational');
  return ready
    ? { httpStatus: 200, body: { status: 'ready', checks } }
    : { httpStatus: 503, body: { status: 'unavailable', checks } };
}

function describeNetworkError(errorCode: string | undefined): string {
  switch (errorCode) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'Connection reset';
    default:
      return 'Unreachable';
  }
}

/** undici's fetch rejects with `TypeError('fetch failed')` and puts the system error in `cause`. */
function networkErrorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  const source = cause ?? error;
  if (typeof source === 'object' && source !== null && 'code' in source && typeof source.code === 'string') {
    return source.code;
  }
  return undefined;
}

function formatSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled probe outcome: ${JSON.stringify(value)}`);
}
