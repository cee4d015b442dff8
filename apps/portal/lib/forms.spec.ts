import { describe, expect, it } from 'vitest';
import { createApiKeyRequestSchema } from '@llmguard/shared';
import {
  failureState,
  invalidBodyState,
  invalidState,
  keptChecked,
  keptValue,
  keptValues,
  loginSchema,
  readValues,
  readCredentials,
  resetPasswordSchema,
  signupSchema,
  validateCredentials,
  validateForm,
} from './forms';

describe('validateCredentials', () => {
  it('accepts a valid login and trims the email', () => {
    expect(validateCredentials(loginSchema, { email: '  ada@example.com ', password: 'x' })).toEqual({
      ok: true,
      data: { email: 'ada@example.com', password: 'x' },
    });
  });

  it('asks for missing fields', () => {
    expect(validateCredentials(loginSchema, { email: '', password: '' })).toEqual({
      ok: false,
      fieldErrors: { email: 'Enter your email address.', password: 'Enter your password.' },
    });
  });

  it('rejects a malformed email with one message', () => {
    const result = validateCredentials(loginSchema, { email: 'not-an-email', password: 'secret' });
    expect(result).toEqual({
      ok: false,
      fieldErrors: { email: 'Enter a valid email address, like you@company.com.' },
    });
  });

  // Login must not reveal the password policy: any non-empty password goes to the control plane.
  it('does not apply the signup password length to login', () => {
    expect(validateCredentials(loginSchema, { email: 'ada@example.com', password: 'short' }).ok).toBe(true);
  });

  it('requires a name on signup, as the control plane does', () => {
    expect(
      validateCredentials(signupSchema, {
        name: '  ',
        email: 'ada@example.com',
        password: 'correct horse battery',
      }),
    ).toEqual({ ok: false, fieldErrors: { name: 'Enter your name.' } });
  });

  it('requires a long enough password on signup', () => {
    expect(
      validateCredentials(signupSchema, { name: 'Ada', email: 'ada@example.com', password: 'short' }),
    ).toEqual({
      ok: false,
      fieldErrors: { password: 'Use at least 12 characters.' },
    });
    expect(
      validateCredentials(signupSchema, { name: 'Ada', email: 'ada@example.com', password: 'x'.repeat(129) }),
    ).toEqual({
      ok: false,
      fieldErrors: { password: 'Use at most 128 characters.' },
    });
    expect(
      validateCredentials(signupSchema, {
        name: 'Ada',
        email: 'ada@example.com',
        password: 'correct horse battery',
      }).ok,
    ).toBe(true);
  });
});

describe('readCredentials', () => {
  it('reads text fields and treats missing ones as empty', () => {
    const formData = new FormData();
    formData.set('email', 'ada@example.com');
    expect(readCredentials(formData)).toEqual({ name: '', email: 'ada@example.com', password: '' });
  });

  it('ignores a file posted in place of a field', () => {
    const formData = new FormData();
    formData.set('email', new Blob(['x']), 'email.txt');
    formData.set('password', 'secret');
    expect(readCredentials(formData)).toEqual({ name: '', email: '', password: 'secret' });
  });
});

describe('resetPasswordSchema', () => {
  it('names the repeat field when the two passwords differ', () => {
    expect(
      validateForm(resetPasswordSchema, {
        password: 'correct horse battery',
        confirmPassword: 'correct horse',
      }),
    ).toEqual({ ok: false, fieldErrors: { confirmPassword: 'The two passwords differ.' } });
  });
});

describe('failureState', () => {
  // Field errors belong next to their inputs; the alert above then only points at them.
  it('puts API field errors on the fields', () => {
    expect(
      failureState({
        kind: 'http',
        status: 400,
        message: 'Invalid request.',
        fieldErrors: { slug: 'This is reserved.' },
      }),
    ).toEqual({
      status: 'error',
      message: 'Check the highlighted fields.',
      fieldErrors: { slug: 'This is reserved.' },
      requestId: undefined,
    });
  });

  it('keeps any other failure as the form message with its request id', () => {
    expect(failureState({ kind: 'http', status: 409, message: 'Taken.', requestId: 'req_1' })).toEqual({
      status: 'error',
      message: 'Taken.',
      requestId: 'req_1',
    });
  });
});

describe('values kept after a refusal', () => {
  const formData = () => {
    const data = new FormData();
    data.append('name', 'Backend');
    data.append('scopes', 'inference');
    data.append('scopes', 'embeddings');
    data.append('enabled', 'on');
    return data;
  };

  it('reads every value of the named fields, none for an absent one, and nothing it was not asked for', () => {
    expect(readValues(formData(), ['name', 'scopes', 'expiry'])).toEqual({
      name: ['Backend'],
      scopes: ['inference', 'embeddings'],
      expiry: [],
    });
  });

  it('returns them with an API refusal and with a refusal before any call', () => {
    const values = readValues(formData(), ['name']);
    expect(failureState({ kind: 'http', status: 409, message: 'Taken.' }, values)).toMatchObject({
      status: 'error',
      message: 'Taken.',
      values,
    });
    expect(
      failureState(
        { kind: 'http', status: 400, message: 'Bad.', fieldErrors: { name: 'Too long.' } },
        values,
      ),
    ).toMatchObject({ fieldErrors: { name: 'Too long.' }, values });
    expect(invalidState({ name: 'Enter a name.' }, values)).toEqual({
      status: 'error',
      message: 'Check the highlighted fields.',
      fieldErrors: { name: 'Enter a name.' },
      values,
    });
  });

  it("names the contract's problems by body field", () => {
    const parsed = createApiKeyRequestSchema.safeParse({ name: '' }, { reportInput: true });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(invalidBodyState(parsed.error)).toMatchObject({
      status: 'error',
      fieldErrors: { name: expect.any(String) },
    });
  });

  it('gives the fields their submitted values after a refusal and their defaults before', () => {
    const refused = {
      status: 'error',
      values: readValues(formData(), ['name', 'scopes', 'enabled', 'requireSso']),
    };
    expect(keptValue(refused, 'name', 'Default')).toBe('Backend');
    expect(keptValues(refused, 'scopes', ['inference'])).toEqual(['inference', 'embeddings']);
    expect(keptChecked(refused, 'enabled', false)).toBe(true);
    // Unticked when submitted stays unticked, whatever the default.
    expect(keptChecked(refused, 'requireSso', true)).toBe(false);

    const idle = { status: 'idle' };
    expect(keptValue(idle, 'name', 'Default')).toBe('Default');
    expect(keptValues(idle, 'scopes', ['inference'])).toEqual(['inference']);
    expect(keptChecked(idle, 'enabled', true)).toBe(true);
  });
});
