import { z } from 'zod';
import { isoDateTimeSchema, pageSchema, paginationQueryShape, prefixedIdSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';

/**
 * A tenant's Stripe subscription as mirrored from Stripe's webhooks (Stripe is the source of truth). `status` is
 * Stripe's word (`active`, `trialing`, `past_due`, `canceled`, `unpaid`, `incomplete`…).
 */
export const billingSubscriptionSchema = z.object({
  id: prefixedIdSchema('sbn'),
  stripeSubscriptionId: z.string(),
  status: z.string(),
  /** The SLA tier the subscription grants while active, trialing or past due. */
  tierId: z.string(),
  currentPeriodStart: isoDateTimeSchema,
  currentPeriodEnd: isoDateTimeSchema,
  cancelAtPeriodEnd: z.boolean(),
  canceledAt: isoDateTimeSchema.nullable(),
  trialEndsAt: isoDateTimeSchema.nullable(),
});

/**
 * How the tenant's usage is reaching Stripe: meter events waiting (`pending`), waiting for more than an hour
 * (`pendingOverdue`: Stripe has been failing or no Stripe customer exists yet) and refused for good (`failed`, a
 * Stripe 4xx: an operator must look).
 */
export const usageReportingSchema = z.object({
  pending: z.number().int().nonnegative(),
  pendingOverdue: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  lastSentAt: isoDateTimeSchema.nullable(),
  /** Stripe's message for the most recent failed or retried meter event, if any. */
  lastError: z.string().nullable(),
});

export const billingOverviewSchema = z.object({
  /** Whether this installation bills through Stripe at all (STRIPE_SECRET_KEY set). */
  enabled: z.boolean(),
  tierId: z.string(),
  /** The tenant has its Stripe customer (made by the billing worker shortly after the tenant). */
  customerReady: z.boolean(),
  /** Tiers a subscription can be taken out for (those with a Stripe price). */
  subscribableTiers: z.array(z.string()),
  /** The newest subscription, whatever its status; null when the tenant never subscribed. */
  subscription: billingSubscriptionSchema.nullable(),
  usageReporting: usageReportingSchema,
});

/** PUT …/billing/subscription: subscribe to a paying tier's metered price. */
export const subscribeRequestSchema = z.strictObject({
  tierId: z.string().trim().min(1).max(64),
});

/** A Stripe-hosted page to send the browser to (Checkout in setup mode, or the Billing Portal). */
export const billingSessionSchema = z.object({ url: z.url() });

/** An invoice mirrored from Stripe. Amounts are integer minor units of `currency` (cents for USD), as Stripe sends. */
export const invoiceSchema = z.object({
  id: prefixedIdSchema('ivc'),
  stripeInvoiceId: z.string(),
  /** Set when Stripe finalises the invoice. */
  number: z.string().nullable(),
  /** `draft`, `open`, `paid`, `uncollectible` or `void`. */
  status: z.string(),
  /** ISO 4217, lower-case (`usd`). */
  currency: z.string(),
  subtotal: z.number().int(),
  /** Null when no tax was calculated. */
  tax: z.number().int().nullable(),
  total: z.number().int(),
  amountDue: z.number().int(),
  amountPaid: z.number().int(),
  periodStart: isoDateTimeSchema,
  periodEnd: isoDateTimeSchema,
  dueAt: isoDateTimeSchema.nullable(),
  paidAt: isoDateTimeSchema.nullable(),
  hostedInvoiceUrl: z.string().nullable(),
  invoicePdfUrl: z.string().nullable(),
});

export const invoicesQuerySchema = z.strictObject({ ...paginationQueryShape });

/**
 * The part of a Stripe event the webhook relies on (the signature is checked on the raw body first).
 * @see https://docs.stripe.com/api/events/object
 */
export const stripeWebhookEventSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('event'),
  type: z.string().min(1).max(255),
  /** Seconds since the epoch: orders events for one object, which Stripe may deliver out of order. */
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

export const stripeWebhookResponseSchema = z.object({
  received: z.literal(true),
  /** True when this event id was handled before (Stripe retried it): nothing was changed again. */
  duplicate: z.boolean(),
});

const billingPath = '/api/tenants/:tenantSlug/billing';

/** A tenant's billing: overview, invoices, subscription and Stripe-hosted pages. Owners, admins and billing. */
export const billingContract = {
  get: defineEndpoint({
    method: 'GET',
    path: billingPath,
    summary: "The tenant's tier, Stripe subscription and the health of its usage reporting to Stripe.",
    successStatus: 200,
    response: billingOverviewSchema,
  }),
  listInvoices: defineEndpoint({
    method: 'GET',
    path: `${billingPath}/invoices`,
    summary: "The tenant's Stripe invoices, newest billing period first.",
    successStatus: 200,
    query: invoicesQuerySchema,
    response: pageSchema(invoiceSchema),
  }),
  subscribe: defineEndpoint({
    method: 'PUT',
    path: `${billingPath}/subscription`,
    summary:
      "Subscribes the tenant to a paying tier's metered price (409 while a live subscription exists: change plans in the Billing Portal).",
    successStatus: 200,
    body: subscribeRequestSchema,
    response: billingSubscriptionSchema,
  }),
  createCheckoutSession: defineEndpoint({
    method: 'POST',
    path: `${billingPath}/checkout-sessions`,
    summary: 'A Stripe Checkout page (setup mode) where the tenant adds a payment method.',
    successStatus: 201,
    response: billingSessionSchema,
  }),
  createPortalSession: defineEndpoint({
    method: 'POST',
    path: `${billingPath}/portal-sessions`,
    summary: 'A Stripe Billing Portal page: payment methods, plan changes, cancellation, invoice history.',
    successStatus: 201,
    response: billingSessionSchema,
  }),
};

/** Stripe's calls to us: signed with STRIPE_WEBHOOK_SECRET, no session. */
export const stripeWebhookContract = {
  receive: defineEndpoint({
    method: 'POST',
    path: '/api/billing/stripe/webhook',
    summary:
      'Receives Stripe events (subscriptions, invoices); the Stripe-Signature header must verify, else 400.',
    successStatus: 200,
    body: stripeWebhookEventSchema,
    response: stripeWebhookResponseSchema,
  }),
};

export type BillingSubscriptionView = z.infer<typeof billingSubscriptionSchema>;
export type UsageReportingView = z.infer<typeof usageReportingSchema>;
export type BillingOverview = z.infer<typeof billingOverviewSchema>;
export type InvoiceView = z.infer<typeof invoiceSchema>;
export type StripeWebhookEvent = z.infer<typeof stripeWebhookEventSchema>;
