import { createHmac } from 'node:crypto';

/** Header carrying the signature of a budget alert webhook. */
export const WEBHOOK_SIGNATURE_HEADER = 'llmguard-signature';

/**
 * Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The timestamp is signed too, so a
 * receiver that refuses old timestamps (Stripe suggests 5 minutes) is safe from replays.
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}
