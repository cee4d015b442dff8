import { GatewayError } from '@llmguard/shared';

/**
 * Runs a Stripe call for a browser request; a failure becomes a 502 whose public message is generic (Stripe's own
 * message may name our account or configuration) and whose internal message keeps Stripe's words for the logs.
 */
export async function callStripe<Result>(what: string, call: () => Promise<Result>): Promise<Result> {
  try {
    return await call();
  } catch (error) {
    throw new GatewayError('upstream_error', {
      publicMessage: `Stripe could not ${what} just now. Try again in a moment.`,
      internalMessage: `Stripe ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      retryable: true,
      cause: error,
    });
  }
}
