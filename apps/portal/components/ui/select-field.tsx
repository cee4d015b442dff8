import type { SelectHTMLAttributes } from 'react';
import styles from './select-field.module.css';

export type SelectOption = { value: string; label: string };

type SelectFieldProps = {
  name: string;
  label: string;
  options: readonly SelectOption[];
  /** Shown under the select until there is an error. */
  hint?: string;
  error?: string;
  /** Another id than `field-<name>`, when two forms on one page share a field name. */
  id?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'>;

/** A labelled native select whose hint or error is linked to it for assistive technology (like TextField). */
export function SelectField({ name, label, options, hint, error, id, ...selectProps }: SelectFieldProps) {
  const fieldId = id ?? `field-${name}`;
  const messageId = `${fieldId}-message`;
  const message = error ?? hint;
  return (
    <div className={styles.field}>
      <label htmlFor={fieldId} className={styles.label}>
        {label}
      </label>
      <select
        id={fieldId}
        name={name}
        className={`${styles.select} ${error ? styles.invalid : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={message ? messageId : undefined}
        {...selectProps}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {message ? (
        <p id={messageId} className={error ? styles.error : styles.hint}>
          {message}
        </p>
      ) : null}
    </div>
  );
}
