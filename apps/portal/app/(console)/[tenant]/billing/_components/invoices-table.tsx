import type { InvoiceView } from '@llmguard/shared';
import { CellSubtext, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatInvoicePeriod, formatMinorUnits, humanizeStatus, invoiceTone } from '@/lib/billing-format';
import styles from './billing.module.css';

/** Stripe's invoices, newest period first, with links to Stripe's hosted page and PDF. */
export function InvoicesTable({ invoices }: { invoices: InvoiceView[] }) {
  return (
    <DataTable
      caption="Invoices, newest period first"
      columns={COLUMNS}
      rows={invoices}
      rowKey={(invoice) => invoice.id}
      placement="in-card"
      empty={
        <EmptyState title="No invoices yet" placement="in-card">
          Stripe issues an invoice at the end of each billing period of a paid plan.
        </EmptyState>
      }
    />
  );
}

const COLUMNS: DataTableColumn<InvoiceView>[] = [
  {
    id: 'number',
    header: 'Invoice',
    cell: (invoice) => <span className={styles.strong}>{invoice.number ?? 'Draft'}</span>,
  },
  {
    id: 'period',
    header: 'Period',
    nowrap: true,
    cell: (invoice) => formatInvoicePeriod(invoice.periodStart, invoice.periodEnd),
  },
  {
    id: 'amount',
    header: 'Amount',
    align: 'end',
    cell: (invoice) => (
      <>
        {formatMinorUnits(invoice.total, invoice.currency)}
        {invoice.amountDue > 0 && invoice.status === 'open' ? (
          <CellSubtext>{formatMinorUnits(invoice.amountDue, invoice.currency)} due</CellSubtext>
        ) : null}
      </>
    ),
  },
  {
    id: 'status',
    header: 'Status',
    cell: (invoice) => (
      <StatusBadge tone={invoiceTone(invoice.status)}>{humanizeStatus(invoice.status)}</StatusBadge>
    ),
  },
  {
    id: 'links',
    header: 'Links',
    headerHidden: true,
    align: 'end',
    cell: (invoice) => (
      <>
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
      </>
    ),
  },
];
