import styles from './checkbox-group.module.css';

export type CheckboxOption = { value: string; label: string; hint?: string };

/**
 * A labelled group of checkboxes posting one field several times (`scopes=a&scopes=b`). Uncontrolled: `checked` is
 * what is ticked when the form renders or is reset (after a refusal, what was submitted). Its error is linked to the
 * group for assistive technology.
 */
export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
  error,
  monospace = true,
}: {
  name: string;
  legend: string;
  options: readonly CheckboxOption[];
  checked: readonly string[];
  error?: string;
  /** Labels are identifiers (scope names), shown in the code font. */
  monospace?: boolean;
}) {
  const errorId = `${name}-error`;
  return (
    <fieldset className={styles.fieldset} aria-describedby={error ? errorId : undefined}>
      <legend className={styles.legend}>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className={styles.option}>
          <input
            type="checkbox"
            name={name}
            value={option.value}
            defaultChecked={checked.includes(option.value)}
            aria-invalid={error ? true : undefined}
          />
          <span>
            <span className={monospace ? styles.labelMono : styles.label}>{option.label}</span>
            {option.hint ? <span className={styles.hint}>{option.hint}</span> : null}
          </span>
        </label>
      ))}
      {error ? (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
