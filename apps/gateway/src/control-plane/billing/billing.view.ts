import type { Invoice, Subscription } from '@llmguard/db';
import type { BillingSubscriptionView, InvoiceView } from '@llmguard/shared';

export function toSubscriptionView(row: Subscription): BillingSubscriptionView {
  return {
    id: row.id,
    stripeSubscriptionId: row.stripeSubscriptionId,
    status: row.status,
    tierId: row.tierId,
    currentPeriodStart: row.currentPeriodStart.toISOString(),
    currentPeriodEnd: row.currentPeriodEnd.toISOString(),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    canceledAt: row.canceledAt?.toISOString() ?? null,
    trialEndsAt: row.trialEndsAt?.toISOString() ?? null,
  };
}

export function toInvoiceView(row: Invoice): InvoiceView {
  return {
    id: row.id,
    stripeInvoiceId: row.stripeInvoiceId,
    number: row.number,
    status: row.status,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    tax: row.tax === null ? null : Number(row.tax),
    total: Number(row.total),
    amountDue: Number(row.amountDue),
    amountPaid: Number(row.amountPaid),
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    paidAt: row.paidAt?.toISOString() ?? null,
    hostedInvoiceUrl: row.hostedInvoiceUrl,
    invoicePdfUrl: row.invoicePdfUrl,
  };
}
