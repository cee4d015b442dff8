// Per-request overrides sent as headers (x-demo-*, or the bench's x-fake-* names), for tests.
import type { IncomingHttpHeaders } from 'node:http';
import { parseForcedFailure, type Failure } from './failures.js';
import { MAX_TOKENS_PER_REPLY, type DemoUpstreamOptions } from './options.js';

export type RequestKnobs = {
  tokens: number;
  ttftMs: number;
  itlMs: number;
  forcedFailure: Failure | null;
};

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[`x-demo-${name}`] ?? headers[`x-fake-${name}`];
  return Array.isArray(raw) ? raw[0] : raw;
}

// Malformed overrides fall back to the configured value rather than failing the request.
function numberHeader(headers: IncomingHttpHeaders, name: string, fallback: number, max: number): number {
  const raw = header(headers, name);
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.min(Math.floor(n), max) : fallback;
}

export function readKnobs(headers: IncomingHttpHeaders, options: DemoUpstreamOptions): RequestKnobs {
  return {
    tokens: numberHeader(headers, 'tokens', options.tokens, MAX_TOKENS_PER_REPLY),
    ttftMs: numberHeader(headers, 'ttft-ms', options.ttftMs, 600_000),
    itlMs: numberHeader(headers, 'itl-ms', options.itlMs, 600_000),
    forcedFailure: parseForcedFailure(header(headers, 'fail')),
  };
}
