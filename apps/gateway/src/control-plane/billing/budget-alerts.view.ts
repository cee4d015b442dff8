import type { BudgetAlertSent, BudgetAlertWebhook } from '@llmguard/db';
import type { BudgetAlertView, BudgetAlertWebhookView } from '@llmguard/shared';

/** The webhook as the API and the audit log show it: never the secret, sealed or not. */
export function toBudgetAlertWebhookView(row: BudgetAlertWebhook | null): BudgetAlertWebhookView {
  if (!row) return { configured: false, url: null, signingSecretSet: false, updatedAt: null };
  return {
    configured: true,
    url: row.url,
    signingSecretSet: row.signingSecretSealed.length > 0,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toBudgetAlertView(row: BudgetAlertSent): BudgetAlertView {
  return {
    apiKeyId: row.apiKeyId === '' ? null : row.apiKeyId,
    period: row.period,
    window: row.period.length === 7 ? 'month' : 'day',
    thresholdPercent: row.thresholdPercent,
    spentMicros: row.spentMicros.toString(),
    capMicros: row.capMicros.toString(),
    crossedAt: row.crossedAt.toISOString(),
    emailState: row.emailDoneAt ? 'done' : 'pending',
    emailDoneAt: row.emailDoneAt?.toISOString() ?? null,
    webhookState: row.webhookDoneAt ? 'done' : 'pending',
    webhookDoneAt: row.webhookDoneAt?.toISOString() ?? null,
    superseded: isSuperseded(row),
  };
}

/**
 * The worker records a superseded threshold with both channels done in the statement that records the crossing, so
 * both done times equal crossed_at (one transaction's now()); a delivery always happens in a later transaction.
 */
function isSuperseded(row: BudgetAlertSent): boolean {
  const crossed = row.crossedAt.getTime();
  return row.emailDoneAt?.getTime() === crossed && row.webhookDoneAt?.getTime() === crossed;
}
