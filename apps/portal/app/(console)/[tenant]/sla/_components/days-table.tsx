import type { SlaDay } from '@llmguard/shared';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatBasisPoints } from '@/lib/billing-format';
import { breachSummary, isBreached } from '@/lib/sla-display';
import { formatInteger, formatLatency } from '@/lib/usage-format';
import styles from './sla.module.css';

const DAY = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** Every day of the month so far, newest first; a breached value is shown in red beside its badge. */
export function DaysTable({ days }: { days: SlaDay[] }) {
  const newestFirst = [...days].reverse();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div className={styles.tableFrame}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col" className={styles.numeric}>
              Requests
            </th>
            <th scope="col" className={styles.numeric}>
              Availability
            </th>
            <th scope="col" className={styles.numeric}>
              Latency p95
            </th>
            <th scope="col" className={styles.numeric}>
              TTFT p95
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((day) => {
            const breached = isBreached(day);
            return (
              <tr key={day.day} className={breached ? styles.breachedRow : undefined}>
                <td className={styles.nowrap}>
                  {DAY.format(new Date(`${day.day}T00:00:00Z`))}
                  {day.day === today ? <span className={styles.subtle}>Today, still measuring</span> : null}
                </td>
                <td className={styles.numeric}>{formatInteger(day.requests)}</td>
                <td className={`${styles.numeric} ${day.availabilityBreached ? styles.bad : ''}`}>
                  {day.requests === 0 ? '—' : formatBasisPoints(day.availabilityBasisPoints)}
                </td>
                <td className={`${styles.numeric} ${day.latencyBreached ? styles.bad : ''}`}>
                  {formatLatency(day.latencyP95Ms)}
                </td>
                <td className={`${styles.numeric} ${day.ttftBreached ? styles.bad : ''}`}>
                  {formatLatency(day.ttftP95Ms)}
                </td>
                <td>
                  {breached ? (
                    <StatusBadge tone="danger">{`Missed ${breachSummary(day)}`}</StatusBadge>
                  ) : day.requests === 0 ? (
                    <StatusBadge tone="neutral">No traffic</StatusBadge>
                  ) : (
                    <StatusBadge tone="success">Met</StatusBadge>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
