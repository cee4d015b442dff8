import type { BudgetAlertView } from '@llmguard/shared';
import { CellSubtext, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatPeriod } from '@/lib/billing-format';
import { formatUsd } from '@/lib/usage-format';
import styles from './billing.module.css';

const TIME = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Budget alerts sent, newest first, with the state of each channel; an empty state otherwise. */
export function AlertsTable({ alerts, since }: { alerts: BudgetAlertView[]; since: string }) {
  return (
    <DataTable
      caption="Budget alerts sent, newest first"
      columns={COLUMNS}
      rows={alerts}
      rowKey={(alert) => `${alert.apiKeyId ?? 'tenant'}-${alert.period}-${alert.thresholdPercent}`}
      placement="in-card"
      empty={
        <EmptyState title={`No budget alerts since ${formatPeriod(since)}`} placement="in-card">
          When spend crosses one of your budget’s thresholds, the alert is listed here with its delivery.
        </EmptyState>
      }
    />
  );
}

/** A superseded alert's two channels are one cell saying so. */
const COLUMNS: DataTableColumn<BudgetAlertView>[] = [
  {
    id: 'period',
    header: 'Period',
    nowrap: true,
    cell: (alert) => (
      <>
        <span className={styles.strong}>{formatPeriod(alert.period)}</span>
        <CellSubtext>
          {alert.window === 'month' ? 'Monthly budget' : 'Daily budget'}
          {alert.apiKeyId ? (
            <>
              {' of key '}
              <code className={styles.inlineCode}>{alert.apiKeyId}</code>
            </>
          ) : null}
        </CellSubtext>
      </>
    ),
  },
  { id: 'threshold', header: 'Threshold', align: 'end', cell: (alert) => `${alert.thresholdPercent}%` },
  {
    id: 'spend',
    header: 'Spend at the time',
    align: 'end',
    cell: (alert) => (
      <>
        {formatUsd(alert.spentMicros)} <span className={styles.subtle}>of {formatUsd(alert.capMicros)}</span>
      </>
    ),
  },
  {
    id: 'crossed',
    header: 'Crossed (UTC)',
    nowrap: true,
    cell: (alert) => TIME.format(new Date(alert.crossedAt)),
  },
  {
    id: 'email',
    header: 'Email',
    cellSpan: (alert) => (alert.superseded ? 2 : 1),
    cell: (alert) =>
      alert.superseded ? (
        <StatusBadge tone="neutral">Superseded by a higher threshold</StatusBadge>
      ) : (
        <DeliveryBadge state={alert.emailState} />
      ),
  },
  {
    id: 'webhook',
    header: 'Webhook',
    cell: (alert) => <DeliveryBadge state={alert.webhookState} />,
  },
];

/** `done` is delivered, or not needed (no recipient, no webhook); `pending` is retried on every budget check. */
function DeliveryBadge({ state }: { state: 'pending' | 'done' }) {
  return state === 'done' ? (
    <StatusBadge tone="success">Done</StatusBadge>
  ) : (
    <StatusBadge tone="danger">Retrying</StatusBadge>
  );
}
