import { z } from 'zod';

// The fields of Stripe's objects the mirrors read, parsed loosely (every optional field nullish) so an API version
// that adds or drops a field we do not use changes nothing. Billing periods moved from the subscription to its items
// in API 2025-03-31; both places are read.

const stripeId = z
  .union([z.string(), z.object({ id: z.string() })])
  .transform((value) => (typeof value === 'string' ? value : value.id));

const epochSeconds = z.number().int();

/** @see https://docs.stripe.com/api/subscriptions/object */
export const stripeSubscriptionSchema = z.object({
  id: z.string(),
  customer: stripeId,
  status: z.string(),
  metadata: z.record(z.string(), z.string()).nullish(),
  items: z.object({
    data: z.array(
      z.object({
        price: z.object({ id: z.string() }),
        current_period_start: epochSeconds.nullish(),
        current_period_end: epochSeconds.nullish(),
      }),
    ),
  }),
  current_period_start: epochSeconds.nullish(),
  current_period_end: epochSeconds.nullish(),
  cancel_at_period_end: z.boolean().nullish(),
  canceled_at: epochSeconds.nullish(),
  trial_end: epochSeconds.nullish(),
  created: epochSeconds,
});

/** @see https://docs.stripe.com/api/invoices/object */
export const stripeInvoiceSchema = z.object({
  id: z.string(),
  customer: stripeId.nullish(),
  number: z.string().nullish(),
  status: z.string().nullish(),
  currency: z.string(),
  subtotal: z.number().int(),
  total: z.number().int(),
  amount_due: z.number().int(),
  amount_paid: z.number().int().nullish(),
  total_taxes: z.array(z.object({ amount: z.number().int() })).nullish(),
  period_start: epochSeconds,
  period_end: epochSeconds,
  due_date: epochSeconds.nullish(),
  status_transitions: z.object({ paid_at: epochSeconds.nullish() }).nullish(),
  hosted_invoice_url: z.string().nullish(),
  invoice_pdf: z.string().nullish(),
  parent: z
    .object({ subscription_details: z.object({ subscription: stripeId.nullish() }).nullish() })
    .nullish(),
});

export type StripeSubscriptionObject = z.output<typeof stripeSubscriptionSchema>;
export type StripeInvoiceObject = z.output<typeof stripeInvoiceSchema>;

export const fromEpochSeconds = (seconds: number) => new Date(seconds * 1000);
export const fromEpochSecondsOrNull = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? null : fromEpochSeconds(seconds);
