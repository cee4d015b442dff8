import type { BudgetAlert } from './budget-alert.notifier';

/**
 * What a budget alert says, by email and by webhook. A key's alert names the key (its name and id) in the subject,
 * the text and the payload; a tenant's alert has no `apiKey` field, so receivers written before per-key alerts keep
 * working.
 */
export function budgetAlertEmail(alert: BudgetAlert): { subject: string; text: string } {
  const capName = alert.window === 'month' ? 'monthly' : 'daily';
  const spent = `${usd(alert.spentMicros)} of`;
  const cap = `budget of ${usd(alert.capMicros)} for ${alert.period} (UTC), crossing the ${alert.thresholdPercent}% alert.`;
  if (!alert.apiKey) {
    return {
      subject: `${alert.tenantName}: ${alert.thresholdPercent}% of the ${capName} budget used`,
      text: `${alert.tenantName} has spent ${spent} its ${capName} ${cap}\n`,
    };
  }
  const key = `API key "${alert.apiKey.name}" (${alert.apiKey.id})`;
  return {
    subject: `${alert.tenantName}: API key "${alert.apiKey.name}" used ${alert.thresholdPercent}% of its ${capName} budget`,
    text: `${key} of ${alert.tenantName} has spent ${spent} the key's ${capName} ${cap}\n`,
  };
}

export function budgetAlertWebhookBody(alert: BudgetAlert): Record<string, unknown> {
  const scope = alert.apiKey ? `${alert.tenantId}:${alert.apiKey.id}` : alert.tenantId;
  return {
    id: `${scope}:${alert.period}:${alert.thresholdPercent}`,
    type: 'budget.threshold_crossed',
    tenantId: alert.tenantId,
    ...(alert.apiKey && { apiKey: { id: alert.apiKey.id, name: alert.apiKey.name } }),
    window: alert.window,
    period: alert.period,
    thresholdPercent: alert.thresholdPercent,
    spentMicros: alert.spentMicros.toString(),
    capMicros: alert.capMicros.toString(),
  };
}

/** Micros as dollars with two decimals (rounded down). */
function usd(micros: bigint): string {
  const cents = micros / 10_000n;
  return `$${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}
