import type { ReactNode } from 'react';
import styles from './alert.module.css';

/** A message about the whole form or page. Errors are announced to screen readers as they appear. */
export function Alert({
  tone = 'danger',
  title,
  children,
}: {
  tone?: 'danger';
  title?: string;
  children: ReactNode;
}) {
  return (
    <div role="alert" className={`${styles.alert} ${styles[tone]}`}>
      <svg className={styles.icon} viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M10 5.75v5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        <circle cx="10" cy="13.75" r="1" fill="currentColor" />
      </svg>
      <div className={styles.content}>
        {title ? <p className={styles.title}>{title}</p> : null}
        <div>{children}</div>
      </div>
    </div>
  );
}
