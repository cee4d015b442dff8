import { Injectable, Logger } from '@nestjs/common';
import type { Prisma } from '@llmguard/db';
import { newId } from '@llmguard/shared';
import { fromEpochSeconds, fromEpochSecondsOrNull, type StripeInvoiceObject } from './stripe-objects';

/**
 * Mirrors a Stripe invoice into `invoices` for the portal's list. Not audited: an invoice is Stripe's record, not a
 * change anyone made in LLMGuard. Stale events (older than the row's Stripe time) are ignored.
 */
@Injectable()
export class InvoiceMirror {
  private readonly logger = new Logger(InvoiceMirror.name);

  async apply(tx: Prisma.TransactionClient, invoice: StripeInvoiceObject, stripeTime: Date): Promise<void> {
    const tenant = invoice.customer
      ? await tx.tenant.findUnique({ where: { stripeCustomerId: invoice.customer }, select: { id: true } })
      : null;
    if (!tenant) {
      this.logger.warn(`Stripe invoice ${invoice.id} ignored: unknown customer`);
      return;
    }
    const existing = await tx.invoice.findUnique({ where: { stripeInvoiceId: invoice.id } });
    if (existing?.stripeEventCreatedAt && existing.stripeEventCreatedAt > stripeTime) return;
    const fields = {
      stripeSubscriptionId: await this.knownSubscription(tx, invoice),
      number: invoice.number ?? null,
      status: invoice.status ?? 'draft',
      currency: invoice.currency,
      subtotal: BigInt(invoice.subtotal),
      tax: invoice.total_taxes ? BigInt(invoice.total_taxes.reduce((sum, tax) => sum + tax.amount, 0)) : null,
      total: BigInt(invoice.total),
      amountDue: BigInt(invoice.amount_due),
      amountPaid: BigInt(invoice.amount_paid ?? 0),
      periodStart: fromEpochSeconds(invoice.period_start),
      periodEnd: fromEpochSeconds(invoice.period_end),
      dueAt: fromEpochSecondsOrNull(invoice.due_date),
      paidAt: fromEpochSecondsOrNull(invoice.status_transitions?.paid_at),
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
      invoicePdfUrl: invoice.invoice_pdf ?? null,
      stripeEventCreatedAt: stripeTime,
    };
    await tx.invoice.upsert({
      where: { stripeInvoiceId: invoice.id },
      update: fields,
      create: { id: newId('ivc'), tenantId: tenant.id, stripeInvoiceId: invoice.id, ...fields },
    });
  }

  /** The invoice's subscription when we mirror it (the foreign key needs the row); a later event fills it in. */
  private async knownSubscription(tx: Prisma.TransactionClient, invoice: StripeInvoiceObject) {
    const stripeSubscriptionId = invoice.parent?.subscription_details?.subscription ?? null;
    if (!stripeSubscriptionId) return null;
    const known = await tx.subscription.findUnique({ where: { stripeSubscriptionId }, select: { id: true } });
    return known ? stripeSubscriptionId : null;
  }
}
