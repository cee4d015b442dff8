import styles from './status-badge.module.css';

export type StatusTone = 'success' | 'danger' | 'neutral';

/** A pill with a coloured dot, e.g. "Operational". The text carries the meaning; colour only repeats it. */
export function StatusBadge({ tone, children }: { tone: StatusTone; children: string }) {
  return (
    <span className={`${styles.badge} ${styles[tone]}`}>
      <span className={styles.dot} aria-hidden="true" />
      {children}
    </span>
  );
}
