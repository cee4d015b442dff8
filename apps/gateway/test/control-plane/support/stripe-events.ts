import Stripe from 'stripe';
import { randomBase62 } from '@llmguard/shared';
import { TEST_WEBHOOK_SECRET } from './fake-stripe';

// Signed Stripe webhook deliveries for tests: events shaped like Stripe's (API 2026-10-28), signed with
// stripe.webhooks.generateTestHeaderString exactly as Stripe signs them.

const stripe = new Stripe('sk_test_unused');

export const WEBHOOK_PATH = '/api/billing/stripe/webhook';

export type StripeTestEvent = {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: object };
};

export function stripeEvent(
  type: string,
  object: object,
  created = Math.floor(Date.now() / 1000),
): StripeTestEvent {
  return { id: `evt_test_${randomBase62(16)}`, object: 'event', type, created, data: { object } };
}

export function subscriptionObject(options: {
  id: string;
  customer: string;
  status: string;
  price?: string;
  created?: number;
  cancelAtPeriodEnd?: boolean;
}) {
  const periodStart = Date.UTC(2026, 10, 1) / 1000;
  return {
    id: options.id,
    object: 'subscription',
    customer: options.customer,
    status: options.status,
    metadata: {},
    cancel_at_period_end: options.cancelAtPeriodEnd ?? false,
    canceled_at: options.status === 'canceled' ? periodStart + 86_400 : null,
    trial_end: null,
    created: options.created ?? periodStart,
    items: {
      object: 'list',
      data: [
        {
          id: `si_${randomBase62(12)}`,
          price: { id: options.price ?? 'price_pro_test' },
          current_period_start: periodStart,
          current_period_end: periodStart + 30 * 86_400,
        },
      ],
    },
  };
}

export function invoiceObject(options: {
  id: string;
  customer: string;
  subscription?: string;
  status: string;
  total: number;
  periodStart: number;
  paidAt?: number;
}) {
  return {
    id: options.id,
    object: 'invoice',
    customer: options.customer,
    number: `LLMG-${options.id.slice(-6)}`,
    status: options.status,
    currency: 'usd',
    subtotal: options.total - 100,
    total: options.total,
    total_taxes: [{ amount: 100 }],
    amount_due: options.total,
    amount_paid: options.paidAt ? options.total : 0,
    period_start: options.periodStart,
    period_end: options.periodStart + 30 * 86_400,
    due_date: null,
    status_transitions: { paid_at: options.paidAt ?? null },
    hosted_invoice_url: `https://invoice.stripe.test/${options.id}`,
    invoice_pdf: `https://invoice.stripe.test/${options.id}.pdf`,
    parent: options.subscription
      ? { type: 'subscription_details', subscription_details: { subscription: options.subscription } }
      : null,
  };
}

/** Delivers an event the way Stripe does: the exact bytes, with their Stripe-Signature header. */
export async function deliver(
  controlPlaneUrl: string,
  event: StripeTestEvent,
  signature: string | null = signatureFor(JSON.stringify(event)),
): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(event);
  const response = await fetch(new URL(WEBHOOK_PATH, controlPlaneUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(signature === null ? {} : { 'stripe-signature': signature }),
    },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export function signatureFor(payload: string, secret = TEST_WEBHOOK_SECRET): string {
  return stripe.webhooks.generateTestHeaderString({ payload, secret });
}
