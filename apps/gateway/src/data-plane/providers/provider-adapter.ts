import { GatewayError, isRetryableStatus, type ErrorCode } from '@llmguard/shared';
import type { CanonicalChatRequest, CanonicalChatResponse, CanonicalStreamEvent } from '@llmguard/shared';
import type { ProviderId } from '../catalog/route-catalog';

export type { ProviderId };

/** The deployment fields an adapter needs (the gateway's `ResolvedDeployment` has them all). */
export type DeploymentTarget = {
  /** Origin plus any path prefix, without a trailing slash (OpenAI-compatible ones end in `/v1`). */
  baseUrl: string;
  upstreamModel: string;
  credential: string | null;
  /** Azure OpenAI's `api-version`; other providers ignore it. */
  apiVersion?: string | null;
};

/** One HTTP POST to a provider. */
export type UpstreamRequest = { url: URL; headers: Record<string, string>; body: string };

/** One parsed server-sent event as `eventsource-parser` gives it. */
export type UpstreamSseEvent = { event?: string; data: string };

/** Turns one upstream SSE event into zero or more canonical events. Holds the state of one stream. */
export type StreamParser = (event: UpstreamSseEvent) => CanonicalStreamEvent[];

/** Response headers as fetch or undici give them. */
export type UpstreamHeaders = Headers | Readonly<Record<string, string | string[] | undefined>>;

/** A provider's error answer, normalised. */
export type UpstreamError = {
  provider: ProviderId;
  /** The upstream HTTP status, unchanged. */
  status: number;
  /** Whether the same request may succeed later (408, 409, 429, 5xx unless `x-should-retry` says otherwise). */
  retryable: boolean;
  /** The provider's message, or a generic one when the body was not a recognised error. */
  message: string;
  /** The provider's error type or status word (`invalid_request_error`, `RESOURCE_EXHAUSTED`). */
  type: string | undefined;
  code: string | undefined;
  param: string | undefined;
  /** From the `retry-after` header. */
  retryAfterSeconds: number | undefined;
};

/**
 * Translates between the canonical types and one provider's wire format. Pure: it builds requests
 * and reads answers, the pipeline does the HTTP.
 */
export type ProviderAdapter = {
  readonly provider: ProviderId;
  buildRequest(request: CanonicalChatRequest, deployment: DeploymentTarget): UpstreamRequest;
  /** Reads a complete JSON answer; throws a `GatewayError('upstream_error')` when it has no answer in it. */
  parseResponse(body: unknown): CanonicalChatResponse;
  /** A fresh parser for one streamed answer. */
  createStreamParser(): StreamParser;
  parseError(status: number, headers: UpstreamHeaders, bodyText: string): UpstreamError;
};

/** What an adapter read from an error body; every field may be missing. */
export type UpstreamErrorFields = {
  message?: string | null;
  type?: string | null;
  code?: string | number | null;
  param?: string | null;
};

/** Builds the normalised error, applying the shared retry rules. */
export function createUpstreamError(
  provider: ProviderId,
  status: number,
  headers: UpstreamHeaders,
  fields: UpstreamErrorFields | undefined,
): UpstreamError {
  const shouldRetry = readHeader(headers, 'x-should-retry');
  return {
    provider,
    status,
    retryable: shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : isRetryableStatus(status),
    message: fields?.message || `The upstream model server answered with status ${status}.`,
    type: fields?.type ?? undefined,
    code: fields?.code === undefined || fields.code === null ? undefined : String(fields.code),
    param: fields?.param ?? undefined,
    retryAfterSeconds: retryAfterSeconds(readHeader(headers, 'retry-after')),
  };
}

/**
 * The client-facing error for an upstream failure. The status is kept, except that an upstream 401
 * or 403 means the gateway's provider credential is wrong, which is our 502 and not the client's fault.
 */
export function upstreamErrorToGatewayError(error: UpstreamError): GatewayError {
  const credentialRejected = error.status === 401 || error.status === 403;
  return new GatewayError(credentialRejected ? 'upstream_error' : errorCodeForStatus(error.status), {
    publicMessage: credentialRejected
      ? 'The upstream model server rejected the gateway credentials for this deployment.'
      : error.message,
    internalMessage: `${error.provider} answered ${error.status} ${error.type ?? ''}: ${error.message}`,
    param: credentialRejected ? undefined : error.param,
    status: credentialRejected ? 502 : error.status,
    retryable: credentialRejected ? false : error.retryable,
    headers:
      error.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(error.retryAfterSeconds) },
  });
}

function errorCodeForStatus(status: number): ErrorCode {
  if (status === 404) return 'model_not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status === 504) return 'upstream_timeout';
  if (status === 503 || status === 529) return 'service_unavailable';
  if (status >= 500) return 'upstream_error';
  return 'invalid_request';
}

/** Reads one header from fetch `Headers` or a Node header record. */
export function readHeader(headers: UpstreamHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}
