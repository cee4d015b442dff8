'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { postJson } from '@/lib/api-client';
import { getEnv } from '@/lib/env';
import { type FormState, loginSchema, readCredentials, signupSchema, validateCredentials } from '@/lib/forms';
import { parseSetCookie } from '@/lib/set-cookie';

// Login and signup: validate again on the server, call the control plane, and show its answer. The
// control plane owns every rule (who exists, which password is right); a failure comes back as a
// form message, and success re-issues its session cookie on the portal's response.

/** Where a new session lands until the tenant dashboard exists. */
const AFTER_AUTH_PATH = '/';

const flows = {
  login: { schema: loginSchema, path: '/api/auth/login' },
  signup: { schema: signupSchema, path: '/api/auth/signup' },
} as const;

export async function logIn(_previous: FormState, formData: FormData): Promise<FormState> {
  return submitCredentials('login', formData);
}

export async function signUp(_previous: FormState, formData: FormData): Promise<FormState> {
  return submitCredentials('signup', formData);
}

async function submitCredentials(flow: keyof typeof flows, formData: FormData): Promise<FormState> {
  const { schema, path } = flows[flow];
  const validation = validateCredentials(schema, readCredentials(formData));
  if (!validation.ok) return { status: 'error', fieldErrors: validation.fieldErrors };

  const result = await postJson(getEnv().CONTROL_PLANE_URL, path, validation.data);
  if (!result.ok) {
    return { status: 'error', message: result.failure.message, requestId: result.failure.requestId };
  }

  const cookieStore = await cookies();
  for (const header of result.setCookieHeaders) {
    const cookie = parseSetCookie(header);
    if (cookie) cookieStore.set(cookie);
  }
  // redirect() throws to end the action, so it stays outside any try/catch.
  redirect(AFTER_AUTH_PATH);
}
