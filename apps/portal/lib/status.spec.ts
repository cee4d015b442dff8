import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildReadinessReport, checkReadiness, describeProbe, probe, readinessUrl } from './status';

/** A fetch that never answers until its signal aborts, like a server that accepted the connection and hung. */
const hangingFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

const answering =
  (status: number): typeof fetch =>
  async () =>
    new Response('{}', { status });

const refusing: typeof fetch = async () => {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
  });
};

afterEach(() => {
  vi.useRealTimers();
});

describe('readinessUrl', () => {
  it('appends /readyz to a bare origin', () => {
    expect(readinessUrl('http://127.0.0.1:8081')).toBe('http://127.0.0.1:8081/readyz');
  });

  it('keeps a path prefix with or without a trailing slash', () => {
    expect(readinessUrl('https://example.com/control')).toBe('https://example.com/control/readyz');
    expect(readinessUrl('https://example.com/control/')).toBe('https://example.com/control/readyz');
  });
});

describe('probe', () => {
  it('reports the status and latency of an answer', async () => {
    const clock = [100, 112];
    const outcome = await probe('http://cp/readyz', {
      fetchImpl: answering(200),
      now: () => clock.shift() ?? 0,
    });
    expect(outcome).toEqual({ kind: 'response', httpStatus: 200, latencyMs: 12 });
  });

  // The landing page must render even when a service hangs: the probe gives up after its timeout.
  it('gives up after the timeout', async () => {
    vi.useFakeTimers();
    const pending = probe('http://cp/readyz', { fetchImpl: hangingFetch, timeoutMs: 1_500 });
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(pending).resolves.toEqual({ kind: 'timeout', timeoutMs: 1_500 });
  });

  it('reports the system error code of a failed connection', async () => {
    await expect(probe('http://cp/readyz', { fetchImpl: refusing })).resolves.toEqual({
      kind: 'network-error',
      errorCode: 'ECONNREFUSED',
    });
  });

  it('never throws, whatever fetch throws', async () => {
    const throwsString: typeof fetch = async () => {
      throw 'boom';
    };
    await expect(probe('http://cp/readyz', { fetchImpl: throwsString })).resolves.toEqual({
      kind: 'network-error',
      errorCode: undefined,
    });
  });
});

describe('describeProbe', () => {
  it('calls any 2xx operational', () => {
    expect(describeProbe({ kind: 'response', httpStatus: 204, latencyMs: 3 })).toEqual({
      state: 'operational',
      detail: 'Ready in 3 ms',
      latencyMs: 3,
    });
  });

  it('calls a non-2xx answer unavailable and shows its status', () => {
    expect(describeProbe({ kind: 'response', httpStatus: 503, latencyMs: 3 })).toEqual({
      state: 'unavailable',
      detail: 'Not ready (HTTP 503)',
    });
  });

  it('describes timeouts and network errors without leaking hostnames', () => {
    expect(describeProbe({ kind: 'timeout', timeoutMs: 1_500 }).detail).toBe('No answer within 1.5 s');
    expect(describeProbe({ kind: 'network-error', errorCode: 'ECONNREFUSED' }).detail).toBe(
      'Connection refused',
    );
    expect(describeProbe({ kind: 'network-error', errorCode: 'ENOTFOUND' }).detail).toBe('Host not found');
    expect(describeProbe({ kind: 'network-error', errorCode: undefined }).detail).toBe('Unreachable');
  });
});

describe('checkReadiness', () => {
  it('probes {base}/readyz', async () => {
    const seen: string[] = [];
    const recording: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(null, { status: 200 });
    };
    const status = await checkReadiness('http://127.0.0.1:8081', { fetchImpl: recording });
    expect(seen).toEqual(['http://127.0.0.1:8081/readyz']);
    expect(status.state).toBe('operational');
  });
});

describe('buildReadinessReport', () => {
  const up = { state: 'operational', detail: 'Ready in 2 ms', latencyMs: 2 } as const;
  const down = { state: 'unavailable', detail: 'Connection refused' } as const;

  it('is 200 ready when every dependency is operational', () => {
    expect(buildReadinessReport({ controlPlane: up })).toEqual({
      httpStatus: 200,
      body: { status: 'ready', checks: { controlPlane: up } },
    });
  });

  it('is 503 unavailable and names the failing dependency otherwise', () => {
    expect(buildReadinessReport({ controlPlane: down })).toEqual({
      httpStatus: 503,
      body: { status: 'unavailable', checks: { controlPlane: down } },
    });
  });
});
