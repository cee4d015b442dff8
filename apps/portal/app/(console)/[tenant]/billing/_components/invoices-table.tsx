import type { InvoiceView } from '@llmguard/shared';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatInvoicePeriod, formatMinorUnits, humanizeStatus, invoiceTone } from '@/lib/billing-format';
import styles from './billing.module.css';

/** Stripe's invoices, newest period first, with links to Stripe's hosted page and PDF. */
export function InvoicesTable({ invoices }: { invoices: InvoiceView[] }) {
  if (invoices.length === 0) {
    return (
      <div className={styles.empty}>
        <p className={styles.emptyTitle}>No invoices yet</p>
        <p className={styles.subtle}>
          Stripe issues an invoice at the end of each billing period of a paid plan.
        </p>
      </div>
    );
  }
  return (
    <div className={styles.tableFrame}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Period</th>
            <th scope="col" className={styles.numeric}>
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className={styles.srOnly}>Links</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <td>
                <span className={styles.strong}>{invoice.number ?? 'Draft'}</span>
              </td>
              <td className={styles.nowrap}>{formatInvoicePeriod(invoice.periodStart, invoice.periodEnd)}</td>
              <td className={styles.numeric}>
                {formatMinorUnits(invoice.total, invoice.currency)}
                {invoice.amountDue > 0 && invoice.status === 'open' ? (
                  <span className={styles.subtle}>
                    {formatMinorUnits(invoice.amountDue, invoice.currency)} due
                  </span>
                ) : null}
              </td>
              <td>
                <StatusBadge tone={invoiceTone(invoice.status)}>{humanizeStatus(invoice.status)}</StatusBadge>
              </td>
              <td className={styles.links}>
                {invoice.hostedInvoiceUrl ? (
                  <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" className={styles.link}>
                    View
                  </a>
                ) : null}
                {invoice.invoicePdfUrl ? (
                  <a href={invoice.invoicePdfUrl} target="_blank" rel="noreferrer" className={styles.link}>
                    PDF
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
