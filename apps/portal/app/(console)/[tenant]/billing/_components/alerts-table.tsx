import type { BudgetAlertView } from '@llmguard/shared';
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
  if (alerts.length === 0) {
    return (
      <div className={styles.empty}>
        <p className={styles.emptyTitle}>No budget alerts since {formatPeriod(since)}</p>
        <p className={styles.subtle}>
          When spend crosses one of your budget’s thresholds, the alert is listed here with its delivery.
        </p>
      </div>
    );
  }
  return (
    <div className={styles.tableFrame}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Threshold</th>
            <th scope="col">Spend at the time</th>
            <th scope="col">Crossed (UTC)</th>
            <th scope="col">Email</th>
            <th scope="col">Webhook</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr key={`${alert.apiKeyId ?? 'tenant'}-${alert.period}-${alert.thresholdPercent}`}>
              <td className={styles.nowrap}>
                <span className={styles.strong}>{formatPeriod(alert.period)}</span>
                <span className={styles.subtle}>
                  {alert.window === 'month' ? 'Monthly budget' : 'Daily budget'}
                  {alert.apiKeyId ? (
                    <>
                      {' of key '}
                      <code className={styles.inlineCode}>{alert.apiKeyId}</code>
                    </>
                  ) : null}
                </span>
              </td>
              <td className={styles.numeric}>{alert.thresholdPercent}%</td>
              <td className={styles.numeric}>
                {formatUsd(alert.spentMicros)}{' '}
                <span className={styles.subtle}>of {formatUsd(alert.capMicros)}</span>
              </td>
              <td className={styles.nowrap}>{TIME.format(new Date(alert.crossedAt))}</td>
              {alert.superseded ? (
                <td colSpan={2}>
                  <StatusBadge tone="neutral">Superseded by a higher threshold</StatusBadge>
                </td>
              ) : (
                <>
                  <td>
                    <DeliveryBadge state={alert.emailState} />
                  </td>
                  <td>
                    <DeliveryBadge state={alert.webhookState} />
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `done` is delivered, or not needed (no recipient, no webhook); `pending` is retried on every budget check. */
function DeliveryBadge({ state }: { state: 'pending' | 'done' }) {
  return state === 'done' ? (
    <StatusBadge tone="success">Done</StatusBadge>
  ) : (
    <StatusBadge tone="danger">Retrying</StatusBadge>
  );
}
