import type { ReactNode } from 'react';
import styles from './field.module.css';

/** What a control needs to be linked to its label and message. */
export type FieldControlProps = {
  id: string;
  className: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
};

/**
 * A label, a control and its hint or error (the error replaces the hint), linked for assistive technology. The
 * control is drawn by `children` with the props it is given; `kind` sizes it.
 */
export function Field({
  id,
  label,
  hint,
  error,
  kind,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  kind: 'input' | 'select' | 'textarea';
  children: (control: FieldControlProps) => ReactNode;
}) {
  const messageId = `${id}-message`;
  const message = error ?? hint;
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {children({
        id,
        className: [styles.control, styles[kind], error ? styles.invalid : ''].filter(Boolean).join(' '),
        'aria-invalid': error ? true : undefined,
        'aria-describedby': message ? messageId : undefined,
      })}
      {message ? (
        <p id={messageId} className={error ? styles.error : styles.hint}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
