'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { authContract, endpointPath, ssoLoginPaths, tenantSlugSchema } from '@llmguard/shared';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import { getEnv } from '@/lib/env';
import {
  failureState,
  forgotPasswordSchema,
  type FormState,
  loginSchema,
  readCredentials,
  readFields,
  readValues,
  resetPasswordSchema,
  signupSchema,
  validateForm,
} from '@/lib/forms';
import { CSRF_COOKIE, SESSION_COOKIE } from '@/lib/forwarded-headers';
import { safeNextPath } from '@/lib/navigation';

// The signed-out journeys: validate again on the server, call the control plane with the browser's
// cookies, re-issue the cookies it sets, and show its answer. The control plane owns every rule (who
// exists, which password or token is right); a failure comes back as form state.

export async function logIn(_previous: FormState, formData: FormData): Promise<FormState> {
  const validation = validateForm(loginSchema, readCredentials(formData));
  if (!validation.ok) return { status: 'error', fieldErrors: validation.fieldErrors };
  const result = await callControlPlaneFromAction(authContract.login, { body: validation.data });
  if (!result.ok) return failureState(result.failure);
  // redirect() throws to end the action, so it stays outside any try/catch.
  redirect(safeNextPath(readFields(formData, ['next']).next));
}

export async function signUp(_previous: FormState, formData: FormData): Promise<FormState> {
  const validation = validateForm(signupSchema, readCredentials(formData));
  if (!validation.ok) return { status: 'error', fieldErrors: validation.fieldErrors };
  const result = await callControlPlaneFromAction(authContract.signup, { body: validation.data });
  if (!result.ok) return failureState(result.failure);
  redirect(safeNextPath(readFields(formData, ['next']).next));
}

/** Ends the session at the control plane, then forgets the cookies whatever it answered. */
export async function logOut(): Promise<void> {
  await callControlPlaneFromAction(authContract.logout);
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  jar.delete(CSRF_COOKIE);
  redirect('/login');
}

/** Always answers the same, like the control plane: it must not reveal whether an address has an account. */
export async function requestPasswordReset(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = readValues(formData, ['email']);
  const validation = validateForm(forgotPasswordSchema, readFields(formData, ['email']));
  if (!validation.ok) return { status: 'error', fieldErrors: validation.fieldErrors, values };
  const result = await callControlPlaneFromAction(authContract.requestPasswordReset, {
    body: validation.data,
  });
  if (!result.ok) return failureState(result.failure, values);
  return {
    status: 'success',
    message: `If ${validation.data.email} has an LLMGuard account, a link to reset its password is on its way. It works for one hour.`,
  };
}

export async function resetPassword(_previous: FormState, formData: FormData): Promise<FormState> {
  const fields = readFields(formData, ['token', 'password', 'confirmPassword']);
  const validation = validateForm(resetPasswordSchema, fields);
  if (!validation.ok) return { status: 'error', fieldErrors: validation.fieldErrors };
  const result = await callControlPlaneFromAction(authContract.confirmPasswordReset, {
    body: { token: fields.token, password: validation.data.password },
  });
  if (!result.ok) return failureState(result.failure);
  // The control plane ended every session of the user, this browser's included.
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  jar.delete(CSRF_COOKIE);
  return { status: 'success' };
}

/** Confirms an address with the token of the emailed link, on a click (mail scanners open links too). */
export async function confirmEmail(_previous: FormState, formData: FormData): Promise<FormState> {
  const { token } = readFields(formData, ['token']);
  const result = await callControlPlaneFromAction(authContract.confirmEmailVerification, { body: { token } });
  if (!result.ok) return failureState(result.failure);
  return { status: 'success', message: `${result.data.user.email} is confirmed.` };
}

export async function resendVerificationEmail(_previous: FormState): Promise<FormState> {
  const result = await callControlPlaneFromAction(authContract.requestEmailVerification);
  if (!result.ok) return failureState(result.failure);
  return { status: 'success', message: 'A new confirmation link is on its way.' };
}

/**
 * "Continue with SSO": the browser goes to the control plane's start URL, which redirects to the
 * tenant's identity provider; the provider comes back to the control plane, which signs the browser
 * in and redirects to the portal (or to /login?sso_error=…).
 */
export async function startSso(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = readFields(formData, ['tenant']).tenant.trim().toLowerCase();
  const values = readValues(formData, ['tenant']);
  if (slug === '')
    return { status: 'error', fieldErrors: { tenant: 'Enter your workspace’s slug.' }, values };
  if (!tenantSlugSchema.safeParse(slug).success) {
    return {
      status: 'error',
      fieldErrors: { tenant: 'A slug has 3 to 40 lower-case letters, digits and dashes, like acme-corp.' },
      values,
    };
  }
  const startPath = endpointPath(ssoLoginPaths.start, { tenantSlug: slug });
  redirect(`${getEnv().CONTROL_PLANE_URL.replace(/\/$/, '')}${startPath}`);
}
