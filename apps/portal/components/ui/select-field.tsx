import type { SelectHTMLAttributes } from 'react';
import { Field } from './field';

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

/**
 * A labelled native select whose hint or error is linked to it for assistive technology (like TextField). React
 * applies a select's defaultValue only when it mounts, so a new one (the value a refused form submitted) mounts a new
 * select: the form's reset then goes back to it.
 */
export function SelectField({ name, label, options, hint, error, id, ...selectProps }: SelectFieldProps) {
  return (
    <Field id={id ?? `field-${name}`} label={label} hint={hint} error={error} kind="select">
      {(control) => (
        <select key={String(selectProps.defaultValue)} name={name} {...control} {...selectProps}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
