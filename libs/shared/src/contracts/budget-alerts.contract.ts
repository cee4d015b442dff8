import { z } from 'zod';
import { isoDateTimeSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';
import { decimalStringSchema } from './usage.contract';

/**
 * Where budget alerts are POSTed: an https URL without user info or fragment. Plain http is refused for any host but
 * localhost (and, in production, even for localhost) by the control plane, which knows its environment.
 */
export const budgetAlertWebhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an https URL such as https://hooks.example.com/llmguard' })
  .max(2048)
  .refine((value) => !value.includes('#'), 'must have no fragment')
  .refine((value) => {
    // Refinements run after a failed URL check too: an unparsable value was already reported.
    const url = URL.canParse(value) ? new URL(value) : null;
    return url === null || (url.username === '' && url.password === '');
  }, 'must not contain a user name or password');

/** PUT …/billing/alert-webhook: the receiver's URL; a new signing secret is generated on every PUT. */
export const putBudgetAlertWebhookRequestSchema = z.strictObject({ url: budgetAlertWebhookUrlSchema });

/** The tenant's budget-alert webhook as the API shows it: whether a signing secret is set, never the secret. */
export const budgetAlertWebhookSchema = z.object({
  /** False when the tenant has no webhook: alerts go by email only. */
  configured: z.boolean(),
  url: z.string().nullable(),
  signingSecretSet: z.boolean(),
  updatedAt: isoDateTimeSchema.nullable(),
});

/** The answer of a PUT: the webhook and its new signing secret, shown this once (only a sealed copy is kept). */
export const putBudgetAlertWebhookResponseSchema = z.object({
  webhook: budgetAlertWebhookSchema,
  /**
   * `whsec_…`: the HMAC-SHA256 key of the `LLMGuard-Signature: t=<unix seconds>,v1=<hex HMAC of "<t>.<raw body>">`
   * header on every alert. Store it in the receiver; it cannot be read again (PUT again for a new one).
   */
  signingSecret: z.string(),
});

export const budgetAlertsQuerySchema = z.strictObject({
  /** How many UTC months back to list, the current one included (1 = this month only). */
  months: z.coerce.number().int().min(1).max(12).default(3),
});

/**
 * One budget threshold the tenant crossed, as the billing worker recorded it. Each channel is `done` once delivered,
 * or once it was not needed (no recipients or no webhook, or a higher threshold crossed at the same time was sent
 * instead); `pending` is still being delivered (retried on every budget check).
 */
export const budgetAlertSchema = z.object({
  /** The API key whose own budget was crossed; null for the tenant's budget. */
  apiKeyId: z.string().nullable(),
  /** `YYYY-MM` (monthly budget) or `YYYY-MM-DD` (daily budget), UTC. */
  period: z.string(),
  window: z.enum(['month', 'day']),
  thresholdPercent: z.number().int(),
  /** Spend when the threshold was crossed, USD micros. */
  spentMicros: decimalStringSchema,
  capMicros: decimalStringSchema,
  crossedAt: isoDateTimeSchema,
  emailState: z.enum(['pending', 'done']),
  emailDoneAt: isoDateTimeSchema.nullable(),
  webhookState: z.enum(['pending', 'done']),
  webhookDoneAt: isoDateTimeSchema.nullable(),
  /**
   * Crossed together with a higher threshold of the same period, which was sent instead: both channels were marked
   * done when the crossing was recorded, and nothing was sent for this one.
   */
  superseded: z.boolean(),
});

export const budgetAlertsResponseSchema = z.object({
  /** First month listed, `YYYY-MM`. */
  since: z.string(),
  /** Newest first. */
  data: z.array(budgetAlertSchema),
});

const alertWebhookPath = '/api/tenants/:tenantSlug/billing/alert-webhook';

/** Budget alerts: the signed webhook they are POSTed to, and the alerts sent. Owners, admins and billing. */
export const budgetAlertsContract = {
  getWebhook: defineEndpoint({
    method: 'GET',
    path: alertWebhookPath,
    summary:
      "The tenant's budget-alert webhook: its URL and whether a signing secret is set (never the secret).",
    successStatus: 200,
    response: budgetAlertWebhookSchema,
  }),
  putWebhook: defineEndpoint({
    method: 'PUT',
    path: alertWebhookPath,
    summary:
      'Sets the budget-alert webhook URL and answers a newly generated signing secret, shown only in this answer.',
    successStatus: 200,
    body: putBudgetAlertWebhookRequestSchema,
    response: putBudgetAlertWebhookResponseSchema,
  }),
  removeWebhook: defineEndpoint({
    method: 'DELETE',
    path: alertWebhookPath,
    summary: 'Removes the budget-alert webhook (alerts keep going by email); 404 when there is none.',
    successStatus: 204,
  }),
  listAlerts: defineEndpoint({
    method: 'GET',
    path: '/api/tenants/:tenantSlug/billing/alerts',
    summary:
      'Budget alerts sent in the current and recent UTC months, newest first, with their delivery state.',
    successStatus: 200,
    query: budgetAlertsQuerySchema,
    response: budgetAlertsResponseSchema,
  }),
};

export type BudgetAlertWebhookView = z.infer<typeof budgetAlertWebhookSchema>;
export type PutBudgetAlertWebhookResponse = z.infer<typeof putBudgetAlertWebhookResponseSchema>;
export type BudgetAlertView = z.infer<typeof budgetAlertSchema>;
export type BudgetAlertsResponse = z.infer<typeof budgetAlertsResponseSchema>;
