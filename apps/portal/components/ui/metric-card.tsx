import type { ReactNode } from 'react';
import styles from './metric-card.module.css';
import skeleton from './skeleton.module.css';

/** One figure with its label and a line of context ("This month: 1.2K"), for dashboards. */
export function MetricCard({
  label,
  value,
  detail,
  title,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  /** The exact value, shown on hover when `value` is rounded. */
  title?: string;
}) {
  return (
    <div className={styles.card} data-testid={`metric-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>
      <p className={styles.label}>{label}</p>
      <p className={styles.value} title={title}>
        {value}
      </p>
      {detail ? <p className={styles.detail}>{detail}</p> : null}
    </div>
  );
}

/** A placeholder of the same size while the figure loads. */
export function MetricCardSkeleton() {
  return (
    <div className={styles.card} aria-hidden="true">
      <span className={`${skeleton.bone} ${styles.boneLabel}`} />
      <span className={`${skeleton.bone} ${styles.boneValue}`} />
      <span className={`${skeleton.bone} ${styles.boneDetail}`} />
    </div>
  );
}
