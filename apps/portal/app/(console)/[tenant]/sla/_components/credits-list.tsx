import type { ServiceCreditsResponse, SlaDay } from '@llmguard/shared';
import { breachSummary, isBreached } from '@/lib/sla-display';
import { formatUsd } from '@/lib/usage-format';
import styles from './sla.module.css';

const DAY = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const dayLabel = (day: string) => DAY.format(new Date(`${day}T00:00:00Z`));

/**
 * Service credits: the tier's rate, then the credits the billing worker booked (for roles that see
 * billing), or else the breached days that earn one. Credits go on the next invoice.
 */
export function CreditsList({
  days,
  creditPercent,
  credits,
}: {
  days: SlaDay[];
  creditPercent: number;
  /** Null when the role does not see billing (amounts are money). */
  credits: ServiceCreditsResponse | null;
}) {
  if (creditPercent === 0 && (credits === null || credits.data.length === 0)) {
    return (
      <p className={styles.subtle}>
        Your tier has no service credits. Higher tiers credit part of the fee for each day a target is missed.
      </p>
    );
  }
  return (
    <div className={styles.credits}>
      <p className={styles.creditRate}>
        <strong>{creditPercent}%</strong> of a day’s usage charges is credited for each day a target is
        missed, on the next invoice.
      </p>
      {credits ? (
        <BookedCredits credits={credits} />
      ) : (
        <BreachedDays days={days} creditPercent={creditPercent} />
      )}
    </div>
  );
}

function BookedCredits({ credits }: { credits: ServiceCreditsResponse }) {
  if (credits.data.length === 0) {
    return <p className={styles.subtle}>No credits this month: every reported day met its targets.</p>;
  }
  return (
    <>
      <ul className={styles.creditList}>
        {credits.data.map((credit) => (
          <li key={credit.day}>
            <span>{dayLabel(credit.day)}</span>
            <span className={styles.subtle}>Missed {breachSummary(credit)}</span>
            <span className={styles.creditAmount}>{formatUsd(credit.creditMicros)}</span>
          </li>
        ))}
      </ul>
      <p className={styles.creditTotal}>
        Total this month <strong>{formatUsd(credits.totalMicros)}</strong>
      </p>
    </>
  );
}

function BreachedDays({ days, creditPercent }: { days: SlaDay[]; creditPercent: number }) {
  const breached = days.filter(isBreached);
  if (breached.length === 0)
    return <p className={styles.subtle}>No credits this month: every target was met.</p>;
  return (
    <ul className={styles.creditList}>
      {breached.map((day) => (
        <li key={day.day}>
          <span>{dayLabel(day.day)}</span>
          <span className={styles.subtle}>Missed {breachSummary(day)}</span>
          <span className={styles.creditAmount}>{creditPercent}% credit</span>
        </li>
      ))}
    </ul>
  );
}
