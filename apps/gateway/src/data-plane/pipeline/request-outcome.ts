import { toGatewayError, type GatewayError } from '@llmguard/shared';
import type { RequestContext } from './request-context';

/** Records the status of an upstream answer given to the client, and its outcome when it is an error. */
export function recordReplyStatus(context: RequestContext, status: number): void {
  context.status = status;
  if (status >= 400) context.outcome = upstreamErrorOutcome(status);
}

/** Records the failure a request ends with (its status and outcome) and returns it as a GatewayError. */
export function recordFailure(context: RequestContext, error: unknown): GatewayError {
  const failure = toGatewayError(error);
  context.status = failure.status;
  context.outcome = context.clientGone ? 'client_disconnected' : outcomeOf(failure);
  return failure;
}

/**
 * Records the failure that ends a stream whose headers (and status) are gone: its outcome only; the usage event
 * keeps the status the client got.
 */
export function recordStreamFailure(context: RequestContext, error: unknown): GatewayError {
  const failure = toGatewayError(error);
  context.outcome = context.clientGone ? 'client_disconnected' : outcomeOf(failure);
  return failure;
}

/** An upstream 4xx other than 429 is about the request itself (e.g. too long a prompt). */
function upstreamErrorOutcome(status: number): RequestContext['outcome'] {
  return status >= 500 || status === 429 ? 'upstream_error' : 'client_error';
}

function outcomeOf(error: GatewayError): RequestContext['outcome'] {
  if (error.code === 'rate_limited' || error.code === 'budget_exceeded') return 'rejected';
  if (error.code.startsWith('upstream') || error.status >= 500) return 'upstream_error';
  return 'client_error';
}
