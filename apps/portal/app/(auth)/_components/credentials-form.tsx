'use client';

import Link from 'next/link';
import { type FormEvent, useActionState, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import {
  type CredentialsField,
  type FieldErrors,
  type FormState,
  initialFormState,
  loginSchema,
  PASSWORD_LENGTH_MIN,
  readCredentials,
  signupSchema,
  validateCredentials,
} from '@/lib/forms';
import styles from './credentials-form.module.css';

type Mode = 'login' | 'signup';

type CredentialsFormProps = {
  mode: Mode;
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  /** Where to go after signing in (a portal path; the server checks it again). */
  next?: string;
};

const copy = {
  login: {
    submit: 'Log in',
    pending: 'Logging in…',
    passwordAutocomplete: 'current-password',
    switchText: 'New to LLMGuard?',
    switchLink: { href: '/signup', label: 'Create an account' },
    errorTitle: 'Could not log in',
  },
  signup: {
    submit: 'Create account',
    pending: 'Creating account…',
    passwordAutocomplete: 'new-password',
    switchText: 'Already have an account?',
    switchLink: { href: '/login', label: 'Log in' },
    errorTitle: 'Could not create your account',
  },
} as const;

/**
 * Email and password form for login and signup. It validates with the same zod schema as the server
 * action before submitting, so mistakes show at once; the server's answer shows above the fields.
 */
export function CredentialsForm({ mode, action, next }: CredentialsFormProps) {
  const [serverState, formAction, pending] = useActionState(action, initialFormState);
  const [clientErrors, setClientErrors] = useState<FieldErrors<CredentialsField>>({});
  // Fields edited since the last submission: their old error message no longer applies.
  const [editedFields, setEditedFields] = useState<ReadonlySet<CredentialsField>>(new Set());
  // Controlled, so a refused submission keeps what was typed (React resets uncontrolled fields after an action).
  // A refused sign-up keeps the new password too; a refused log-in clears it, as a wrong password is retyped.
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const text = copy[mode];

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    const validation = validateCredentials(
      mode === 'login' ? loginSchema : signupSchema,
      readCredentials(new FormData(event.currentTarget)),
    );
    setEditedFields(new Set());
    if (validation.ok) {
      setClientErrors({});
      return;
    }
    event.preventDefault();
    setClientErrors(validation.fieldErrors);
  }

  function markEdited(field: CredentialsField) {
    if (!editedFields.has(field)) setEditedFields(new Set([...editedFields, field]));
  }

  const serverErrors: FieldErrors<CredentialsField> =
    serverState.status === 'error' ? (serverState.fieldErrors ?? {}) : {};
  const errorFor = (field: CredentialsField) =>
    editedFields.has(field) ? undefined : (clientErrors[field] ?? serverErrors[field]);
  const serverMessage = serverState.status === 'error' && !pending ? serverState.message : undefined;

  return (
    <form action={formAction} onSubmit={handleSubmit} noValidate className={styles.form}>
      {serverMessage ? (
        <Alert title={text.errorTitle}>
          <p>{serverMessage}</p>
          {serverState.status === 'error' && serverState.requestId ? (
            <p className={styles.requestId}>Request ID: {serverState.requestId}</p>
          ) : null}
        </Alert>
      ) : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {mode === 'signup' ? (
        <TextField
          name="name"
          label="Name"
          autoComplete="name"
          placeholder="Ada Lovelace"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            markEdited('name');
          }}
          error={errorFor('name')}
          autoFocus
        />
      ) : null}
      <TextField
        name="email"
        label="Email"
        type="email"
        inputMode="email"
        autoComplete="email"
        placeholder="you@company.com"
        value={email}
        onChange={(event) => {
          setEmail(event.target.value);
          markEdited('email');
        }}
        error={errorFor('email')}
        autoFocus={mode === 'login'}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete={text.passwordAutocomplete}
        hint={mode === 'signup' ? `At least ${PASSWORD_LENGTH_MIN} characters.` : undefined}
        {...(mode === 'signup' ? { value: newPassword } : {})}
        onChange={(event) => {
          if (mode === 'signup') setNewPassword(event.target.value);
          markEdited('password');
        }}
        error={errorFor('password')}
      />
      {mode === 'login' ? (
        <p className={styles.forgot}>
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
      ) : null}
      <Button type="submit" size="lg" block disabled={pending}>
        {pending ? text.pending : text.submit}
      </Button>
      <p className={styles.switch}>
        {text.switchText}{' '}
        <Link href={next ? `${text.switchLink.href}?next=${encodeURIComponent(next)}` : text.switchLink.href}>
          {text.switchLink.label}
        </Link>
      </p>
    </form>
  );
}
