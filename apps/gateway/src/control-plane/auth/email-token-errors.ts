import { GatewayError } from '@llmguard/shared';

/** A used, expired or made-up link token: one answer for all three, as a field error the form can show. */
export function invalidEmailToken(): GatewayError {
  return new GatewayError('validation_failed', {
    publicMessage: 'This link is invalid or has expired.',
    details: [
      {
        location: 'body.token',
        message: 'This link is invalid or has expired.',
        fix: 'Ask for a new link; each link works once.',
      },
    ],
  });
}

/** 429 for a second email of the same kind within the cooldown. */
export function mailCooldown(retryAfterSeconds: number): GatewayError {
  return new GatewayError('rate_limited', {
    publicMessage: `An email was sent a moment ago. Try again in ${retryAfterSeconds} seconds.`,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}
