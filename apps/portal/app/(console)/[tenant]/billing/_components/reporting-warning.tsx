import type { UsageReportingView } from '@llmguard/shared';
import { WarningIcon } from '@/components/ui/icons';
import styles from './billing.module.css';

/**
 * A warning when usage is not reaching Stripe: meter events Stripe refused for good (an operator must
 * look) or waiting for over an hour. Nothing when reporting is healthy.
 */
export function ReportingWarning({ reporting }: { reporting: UsageReportingView }) {
  if (reporting.failed === 0 && reporting.pendingOverdue === 0) return null;
  const parts = [
    reporting.failed > 0
      ? `${reporting.failed} usage report${reporting.failed === 1 ? ' was' : 's were'} refused by Stripe`
      : null,
    reporting.pendingOverdue > 0
      ? `${reporting.pendingOverdue} ${reporting.pendingOverdue === 1 ? 'has' : 'have'} waited over an hour`
      : null,
  ].filter(Boolean);
  return (
    <div className={styles.warningBanner} role="status" data-testid="reporting-warning">
      <WarningIcon className={styles.warningIcon} />
      <div>
        <p className={styles.strong}>Usage is not fully reaching Stripe: {parts.join('; ')}.</p>
        <p>
          Every request stays metered, but invoices may miss some usage until it is sent. If this lasts,
          contact support with the error below.
          {reporting.lastError ? (
            <>
              {' '}
              Last error: <code className={styles.inlineCode}>{reporting.lastError}</code>
            </>
          ) : null}
        </p>
      </div>
    </div>
  );
}
