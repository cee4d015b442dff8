import type { InputHTMLAttributes } from 'react';
import styles from './text-field.module.css';

type TextFieldProps = {
  name: string;
  label: string;
  /** Shown under the input until there is an error. */
  hint?: string;
  error?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>;

/** A labelled input whose hint or error is linked to it for assistive technology. */
export function TextField({ name, label, hint, error, ...inputProps }: TextFieldProps) {
  const id = `field-${name}`;
  const messageId = `${id}-message`;
  const message = error ?? hint;
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        className={`${styles.input} ${error ? styles.invalid : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={message ? messageId : undefined}
        {...inputProps}
      />
      {message ? (
        <p id={messageId} className={error ? styles.error : styles.hint}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
