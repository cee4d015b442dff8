import { z } from 'zod';

// Form schemas and form state shared by the login and signup pages: the client validates with them
// before submitting, and the server action validates again before calling the control plane. They
// move to the control-plane contracts in libs/shared once the auth API is specified there.

const email = z
  .string()
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter a valid email address, like you@company.com.'));

/** Logging in only checks that a password was typed; the control plane decides whether it is right. */
export const loginSchema = z.object({
  email,
  password: z.string().min(1, 'Enter your password.'),
});

export const PASSWORD_LENGTH_MIN = 12;
export const PASSWORD_LENGTH_MAX = 128;

export const signupSchema = z.object({
  email,
  password: z
    .string()
    .min(PASSWORD_LENGTH_MIN, `Use at least ${PASSWORD_LENGTH_MIN} characters.`)
    .max(PASSWORD_LENGTH_MAX, `Use at most ${PASSWORD_LENGTH_MAX} characters.`),
});

export type Credentials = z.infer<typeof loginSchema>;
export type CredentialsField = keyof Credentials;
export type FieldErrors = Partial<Record<CredentialsField, string>>;

/** What a credentials form shows after a submission. */
export type FormState =
  { status: 'idle' } | { status: 'error'; message?: string; requestId?: string; fieldErrors?: FieldErrors };

export const initialFormState: FormState = { status: 'idle' };

export type Validation = { ok: true; data: Credentials } | { ok: false; fieldErrors: FieldErrors };

/** Reads the email and password fields; a missing field or a file upload counts as empty. */
export function readCredentials(formData: FormData): Record<CredentialsField, string> {
  const text = (name: CredentialsField) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : '';
  };
  return { email: text('email'), password: text('password') };
}

/** Validates credentials and keeps the first message of each field, the one the form shows. */
export function validateCredentials(
  schema: typeof loginSchema | typeof signupSchema,
  input: Record<CredentialsField, string>,
): Validation {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if ((field === 'email' || field === 'password') && fieldErrors[field] === undefined) {
      fieldErrors[field] = issue.message;
    }
  }
  return { ok: false, fieldErrors };
}
