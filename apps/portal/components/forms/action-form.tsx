'use client';

import { type ReactNode, useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SuccessPanel } from '@/components/ui/success-panel';
import { TextField } from '@/components/ui/text-field';
import { type FormState, initialFormState, keptValue } from '@/lib/forms';
import styles from './action-form.module.css';

export type FormFieldSpec = {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  placeholder?: string;
  hint?: string;
  defaultValue?: string;
};

type ActionFormProps = {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  fields: FormFieldSpec[];
  /** Values the form posts without showing them (the token of an emailed link). */
  hidden?: Record<string, string>;
  submitLabel: string;
  pendingLabel: string;
  errorTitle: string;
  /** What replaces the form once the action succeeded: a title, the action's message, then this. */
  successTitle?: string;
  successContent?: ReactNode;
  footer?: ReactNode;
};

/**
 * A small form driven by a server action: each field shows its own error (from the action's checks
 * or the API's validation details), anything else shows above the fields with its request id. It
 * works before JavaScript loads, as a plain form post.
 */
export function ActionForm({
  action,
  fields,
  hidden = {},
  submitLabel,
  pendingLabel,
  errorTitle,
  successTitle,
  successContent,
  footer,
}: ActionFormProps) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  if (state.status === 'success' && successTitle) {
    return (
      <SuccessPanel title={successTitle} message={state.message}>
        {successContent}
      </SuccessPanel>
    );
  }
  const fieldErrors: Record<string, string | undefined> =
    state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  // An API detail about a value the user cannot see (the token of a link) goes in the alert.
  const hiddenFieldErrors = Object.entries(fieldErrors).filter(
    ([name, message]) => message && !fields.some((field) => field.name === name),
  );
  return (
    <form action={formAction} noValidate className={styles.form}>
      {state.status === 'error' && state.message && !pending ? (
        <Alert title={errorTitle}>
          <p>
            {hiddenFieldErrors.length > 0
              ? hiddenFieldErrors.map(([, message]) => message).join(' ')
              : state.message}
          </p>
          {state.requestId ? <p className={styles.requestId}>Request ID: {state.requestId}</p> : null}
        </Alert>
      ) : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field, index) => (
        <TextField
          key={field.name}
          name={field.name}
          label={field.label}
          type={field.type ?? 'text'}
          autoComplete={field.autoComplete}
          placeholder={field.placeholder}
          hint={field.hint}
          // A refused form shows what was typed again; a password is typed again, never sent back.
          defaultValue={
            field.type === 'password' ? undefined : keptValue(state, field.name, field.defaultValue ?? '')
          }
          error={fieldErrors[field.name]}
          autoFocus={index === 0}
        />
      ))}
      <Button type="submit" size="lg" block disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
      {footer}
    </form>
  );
}
