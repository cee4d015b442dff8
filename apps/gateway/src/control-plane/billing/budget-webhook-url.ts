import { GatewayError } from '@llmguard/shared';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a webhook URL (already a valid http(s) URL, see budgetAlertWebhookUrlSchema) may not be used, or null. Alerts
 * carry spend figures and a signature, so they travel over TLS; plain http is for a receiver on this machine while
 * developing, never in production.
 */
export function webhookUrlProblem(value: string, nodeEnv: string): string | null {
  const url = new URL(value);
  if (url.protocol === 'https:') return null;
  if (nodeEnv === 'production') return 'must use https';
  if (LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'must use https (plain http is allowed for localhost only)';
}

/** The 400 of a refused webhook URL, in the shape of a schema failure so forms show it on the field. */
export function invalidWebhookUrl(problem: string): GatewayError {
  return new GatewayError('validation_failed', {
    publicMessage: `The request body is invalid: body.url ${problem}.`,
    details: [
      {
        location: 'body.url',
        message: problem,
        fix: 'Use an https URL such as https://hooks.example.com/llmguard.',
      },
    ],
  });
}
