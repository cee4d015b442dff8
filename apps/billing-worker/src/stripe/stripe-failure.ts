import Stripe from 'stripe';
import type { StripeErrorClass } from '../metrics/worker-metrics';

/** What to do about a failed Stripe call: try again later, or stop (a person must look); the class is for metrics. */
export type StripeFailure = { permanent: boolean; message: string; errorClass: StripeErrorClass };

const MESSAGE_LENGTH_MAX = 500;

/**
 * Sorts a Stripe failure. No answer, 5xx, 429 (rate limit), 409 (Stripe's lock conflicts) and 408 are transient.
 * So are 401 and 403: our key is wrong, not the request, and fixing the key must let the waiting work through.
 * Every other 4xx is Stripe refusing this request for good (bad customer, timestamp too old…).
 * @see https://docs.stripe.com/error-handling
 */
export function classifyStripeFailure(error: unknown): StripeFailure {
  if (!(error instanceof Stripe.errors.StripeError)) {
    return {
      permanent: false,
      message: truncate(error instanceof Error ? error.message : String(error)),
      errorClass: 'network',
    };
  }
  const status = error.statusCode;
  const message = truncate(
    `Stripe ${status ?? 'gave no answer'} ${error.code ?? error.type}: ${error.message}`,
  );
  const transient =
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    status === 409 ||
    status === 408 ||
    status === 401 ||
    status === 403;
  return { permanent: !transient, message, errorClass: errorClassOf(status) };
}

function errorClassOf(status: number | undefined): StripeErrorClass {
  if (status === undefined) return 'network';
  if (status >= 500) return 'server_error';
  if (status === 429) return 'rate_limited';
  if (status === 409) return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 401 || status === 403) return 'authentication';
  return 'invalid_request';
}

function truncate(message: string): string {
  return message.length > MESSAGE_LENGTH_MAX ? `${message.slice(0, MESSAGE_LENGTH_MAX - 1)}…` : message;
}
