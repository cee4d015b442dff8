import type { ReactNode } from 'react';
import styles from './card.module.css';

type CardProps = {
  title?: ReactNode;
  description?: ReactNode;
  /** Rendered at the right of the header, e.g. a badge or a button. */
  action?: ReactNode;
  footer?: ReactNode;
  id?: string;
  children?: ReactNode;
  className?: string;
};

/** A bordered surface with an optional header and footer. With a title it is a labelled region. */
export function Card({ title, description, action, footer, id, children, className }: CardProps) {
  const titleId = id && title ? `${id}-title` : undefined;
  return (
    <section
      id={id}
      aria-labelledby={titleId}
      className={[styles.card, className ?? ''].filter(Boolean).join(' ')}
    >
      {title ? (
        <header className={styles.header}>
          <div>
            <h2 id={titleId} className={styles.title}>
              {title}
            </h2>
            {description ? <p className={styles.description}>{description}</p> : null}
          </div>
          {action ? <div className={styles.action}>{action}</div> : null}
        </header>
      ) : null}
      {children ? <div className={styles.body}>{children}</div> : null}
      {footer ? <footer className={styles.footer}>{footer}</footer> : null}
    </section>
  );
}
