import type { SpendPeriod } from '@llmguard/shared';
import { budgetBarPercent } from '@/lib/billing-format';
import { formatUsd } from '@/lib/usage-format';
import styles from './billing.module.css';

/**
 * Spend of one period against its budget: the amount, a bar, and a tick at each alert threshold. Without
 * a budget it says so instead of drawing an empty bar.
 */
export function BudgetMeter({
  label,
  period,
  thresholdsPercent,
}: {
  label: string;
  period: SpendPeriod;
  thresholdsPercent: readonly number[];
}) {
  const percent = period.percentUsed;
  const over = percent !== null && percent >= 100;
  return (
    <div className={styles.meter}>
      <div className={styles.meterHead}>
        <span className={styles.meterLabel}>{label}</span>
        {percent !== null ? (
          <span className={over ? styles.meterOver : styles.meterPercent}>
            {percent.toFixed(percent < 10 ? 1 : 0)}%
          </span>
        ) : null}
      </div>
      <p className={styles.meterValue}>
        {formatUsd(period.spentMicros)}
        <span className={styles.meterOf}>
          {period.budgetMicros === null ? ' · no budget' : ` of ${formatUsd(period.budgetMicros)}`}
        </span>
      </p>
      {period.budgetMicros !== null ? (
        <div
          className={styles.bar}
          role="meter"
          aria-label={`${label}: share of the budget used`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(budgetBarPercent(percent))}
        >
          <span
            className={`${styles.barFill} ${over ? styles.barOver : ''}`}
            style={{ width: `${budgetBarPercent(percent)}%` }}
          />
          {thresholdsPercent
            .filter((threshold) => threshold < 100)
            .map((threshold) => (
              <span
                key={threshold}
                className={styles.barTick}
                style={{ left: `${threshold}%` }}
                title={`Alert at ${threshold}%`}
              />
            ))}
        </div>
      ) : null}
    </div>
  );
}
