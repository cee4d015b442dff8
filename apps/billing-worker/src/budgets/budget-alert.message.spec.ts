import { describe, expect, it } from 'vitest';
import { budgetAlertEmail, budgetAlertWebhookBody } from './budget-alert.message';
import type { BudgetAlert } from './budget-alert.notifier';

const tenantAlert: BudgetAlert = {
  tenantId: 'tnt_acme',
  tenantName: 'Acme',
  window: 'month',
  period: '2032-07',
  thresholdPercent: 80,
  spentMicros: 812_345n,
  capMicros: 1_000_000n,
};
const keyAlert: BudgetAlert = {
  ...tenantAlert,
  window: 'day',
  period: '2032-07-14',
  apiKey: { id: 'key_ci', name: 'CI' },
};

describe('budget alert messages', () => {
  it("say whose budget it is: the tenant's, or one API key's by name and id", () => {
    expect(budgetAlertEmail(tenantAlert)).toEqual({
      subject: 'Acme: 80% of the monthly budget used',
      text: 'Acme has spent $0.81 of its monthly budget of $1.00 for 2032-07 (UTC), crossing the 80% alert.\n',
    });
    expect(budgetAlertEmail(keyAlert)).toEqual({
      subject: 'Acme: API key "CI" used 80% of its daily budget',
      text:
        'API key "CI" (key_ci) of Acme has spent $0.81 of the key\'s daily budget of $1.00 for 2032-07-14 (UTC), ' +
        'crossing the 80% alert.\n',
    });
  });

  it('give a key alert its own webhook id and an apiKey field, and leave tenant payloads as they were', () => {
    expect(budgetAlertWebhookBody(tenantAlert)).not.toHaveProperty('apiKey');
    expect(budgetAlertWebhookBody(tenantAlert).id).toBe('tnt_acme:2032-07:80');
    expect(budgetAlertWebhookBody(keyAlert)).toMatchObject({
      id: 'tnt_acme:key_ci:2032-07-14:80',
      apiKey: { id: 'key_ci', name: 'CI' },
      window: 'day',
    });
  });
});
