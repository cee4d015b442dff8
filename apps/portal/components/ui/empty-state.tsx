import type { ReactNode } from 'react';
import styles from './empty-state.module.css';

/**
 * What a table would list when it lists nothing: a title, why, and what to do. `in-card` when it stands inside a
 * Card's body instead of the table.
 */
export function EmptyState({
  title,
  children,
  icon,
  action,
  placement = 'standalone',
  headingLevel = 'p',
  testId,
}: {
  title: string;
  children?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  placement?: 'standalone' | 'in-card';
  /** `h2` when the empty state stands for a page's main content. */
  headingLevel?: 'p' | 'h2';
  testId?: string;
}) {
  const Title = headingLevel;
  return (
    <div
      className={placement === 'in-card' ? `${styles.empty} ${styles.emptyInCard}` : styles.empty}
      data-testid={testId}
    >
      {icon ? (
        <span className={styles.emptyIcon} aria-hidden="true">
          {icon}
        </span>
      ) : null}
      <Title className={styles.emptyTitle}>{title}</Title>
      {children ? <div className={styles.emptyText}>{children}</div> : null}
      {action ? <div className={styles.emptyAction}>{action}</div> : null}
    </div>
  );
}
