import { z } from 'zod';
import { toErrorDetails } from '@llmguard/shared';
import { type ApiFailure, fieldErrorsFromDetails } from './api-client';

// Form schemas and form state shared by the portal's forms: a client component validates with them
// before submitting, so mistakes show at once, and the server action validates again before calling
// the control plane, whose own answer (field errors included) is the last word. They hold only what
// a form can say politely; the rules themselves live in the control-plane contracts.

const email = z
  .string()
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter a valid email address, like you@company.com.'));

export const PASSWORD_LENGTH_MIN = 12;
export const PASSWORD_LENGTH_MAX = 128;

const newPassword = z
  .string()
  .min(PASSWORD_LENGTH_MIN, `Use at least ${PASSWORD_LENGTH_MIN} characters.`)
  .max(PASSWORD_LENGTH_MAX, `Use at most ${PASSWORD_LENGTH_MAX} characters.`);

const displayName = (missing: string) =>
  z.string().trim().min(1, missing).max(100, 'Use at most 100 characters.');

/** Logging in only checks that a password was typed; the control plane decides whether it is right. */
export const loginSchema = z.object({
  email,
  password: z.string().min(1, 'Enter your password.'),
});

export const signupSchema = z.object({
  name: displayName('Enter your name.'),
  email,
  password: newPassword,
});

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({ password: newPassword, confirmPassword: z.string() })
  .refine((input) => input.password === input.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords differ.',
  });

export const createTenantSchema = z.object({
  name: displayName('Name your workspace.'),
  slug: z.string().trim().min(1, 'Choose the address of your workspace.'),
});

export type CredentialsField = 'name' | 'email' | 'password';
export type FieldErrors<Field extends string = string> = Partial<Record<Field, string>>;

/**
 * What a form's fields held when it was submitted, every value of each (a checkbox group has several). React resets
 * a form once its action has run, so a refused form puts these back. Never holds a secret: they travel to the
 * browser in the page's payload.
 */
export type FormValues = Record<string, string[]>;

/** What a form shows after a submission; a refusal carries the submitted values (see FormValues). */
export type FormState<Field extends string = string> =
  | { status: 'idle' }
  | { status: 'success'; message?: string }
  | {
      status: 'error';
      message?: string;
      requestId?: string;
      fieldErrors?: FieldErrors<Field>;
      values?: FormValues;
    };

export const initialFormState: FormState = { status: 'idle' };

export type Validation<Data, Field extends string = string> =
  { ok: true; data: Data } | { ok: false; fieldErrors: FieldErrors<Field> };

/** Reads text fields of a form; a missing field or a file upload counts as empty. */
export function readFields<Field extends string>(
  formData: FormData,
  names: readonly Field[],
): Record<Field, string> {
  const fields = {} as Record<Field, string>;
  for (const name of names) {
    const value = formData.get(name);
    fields[name] = typeof value === 'string' ? value : '';
  }
  return fields;
}

/** The named fields' values as submitted, to return with a refusal. Name no password or secret field. */
export function readValues(formData: FormData, names: readonly string[]): FormValues {
  const values: FormValues = {};
  for (const name of names) {
    values[name] = formData.getAll(name).filter((value) => typeof value === 'string');
  }
  return values;
}

/** The value a field had when its form was refused, or `fallback` (its default) before any refusal. */
export function keptValue(
  state: { status: string; values?: FormValues },
  name: string,
  fallback = '',
): string {
  if (state.status !== 'error' || !state.values) return fallback;
  return state.values[name]?.[0] ?? '';
}

/** The values a checkbox group had when its form was refused (none checked is none), or `fallback`. */
export function keptValues(
  state: { status: string; values?: FormValues },
  name: string,
  fallback: readonly string[],
): readonly string[] {
  if (state.status !== 'error' || !state.values) return fallback;
  return state.values[name] ?? [];
}

/** Whether a checkbox was ticked when its form was refused, or `fallback` before any refusal. */
export function keptChecked(
  state: { status: string; values?: FormValues },
  name: string,
  fallback: boolean,
): boolean {
  if (state.status !== 'error' || !state.values) return fallback;
  return (state.values[name] ?? []).length > 0;
}

/** Validates input and keeps the first message of each top-level field, the one the form shows. */
export function validateForm<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): Validation<z.output<Schema>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && fieldErrors[field] === undefined) fieldErrors[field] = issue.message;
  }
  return { ok: false, fieldErrors };
}

/** The email, password and (on signup) name of a credentials form. */
export function readCredentials(formData: FormData): Record<CredentialsField, string> {
  return readFields(formData, ['name', 'email', 'password']);
}

export function validateCredentials(
  schema: typeof loginSchema | typeof signupSchema,
  input: Partial<Record<CredentialsField, string>>,
): Validation<z.output<typeof signupSchema> | z.output<typeof loginSchema>, CredentialsField> {
  return validateForm(schema, input) as Validation<z.output<typeof signupSchema>, CredentialsField>;
}

/**
 * The form state of a failed control-plane call: field errors go next to their inputs (with a short
 * note above the form), anything else is the page-level message with its request id.
 */
export function failureState(failure: ApiFailure, values?: FormValues): FormState {
  const kept = values ? { values } : {};
  if (failure.fieldErrors) {
    return {
      status: 'error',
      message: CHECK_FIELDS_MESSAGE,
      fieldErrors: failure.fieldErrors,
      requestId: failure.requestId,
      ...kept,
    };
  }
  return { status: 'error', message: failure.message, requestId: failure.requestId, ...kept };
}

export const CHECK_FIELDS_MESSAGE = 'Check the highlighted fields.';

/** The form state of input refused before any call: its field errors, and the values to put back. */
export function invalidState(fieldErrors: FieldErrors, values?: FormValues): FormState {
  return { status: 'error', message: CHECK_FIELDS_MESSAGE, fieldErrors, ...(values ? { values } : {}) };
}

/** The form state of input the contract's schema refused before any call: its errors by body field. */
export function invalidBodyState(
  error: Parameters<typeof toErrorDetails>[0],
  values?: FormValues,
): FormState {
  return invalidState(fieldErrorsFromDetails(toErrorDetails(error, 'body')), values);
}
