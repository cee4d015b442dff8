import type { InputHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { Field } from './field';

type Labelled = {
  name: string;
  label: string;
  /** Shown under the control until there is an error. */
  hint?: string;
  error?: string;
  /** Another id than `field-<name>`, when two forms on one page share a field name. */
  id?: string;
};

/** A labelled input whose hint or error is linked to it for assistive technology. */
export function TextField({
  name,
  label,
  hint,
  error,
  id,
  ...inputProps
}: Labelled & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  return (
    <Field id={id ?? `field-${name}`} label={label} hint={hint} error={error} kind="input">
      {(control) => <input name={name} {...control} {...inputProps} />}
    </Field>
  );
}

/** A labelled multi-line text field (a reason, a comment), like TextField. */
export function TextAreaField({
  name,
  label,
  hint,
  error,
  id,
  ...textareaProps
}: Labelled & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>) {
  return (
    <Field id={id ?? `field-${name}`} label={label} hint={hint} error={error} kind="textarea">
      {(control) => <textarea name={name} {...control} {...textareaProps} />}
    </Field>
  );
}
