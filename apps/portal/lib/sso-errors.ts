import type { SsoLoginError } from '@llmguard/shared';

// The control plane's SSO callback sends a refused sign-in back to /login?sso_error=<code>. These
// are the sentences the login page shows for each code; an unknown code still gets an honest one.

const messages: Record<SsoLoginError, string> = {
  sso_unavailable:
    'This workspace has no single sign-on set up, or it is turned off. Check the slug or log in with your password.',
  state_mismatch: 'The sign-in took too long or was opened twice. Start again.',
  idp_error:
    'Your identity provider refused the sign-in or could not be reached. Try again, or ask your administrator.',
  email_missing:
    'Your identity provider did not share your email address, so LLMGuard cannot tell who you are.',
  email_not_verified:
    'An account with this email exists, but your identity provider has not verified the address, so the two are not linked.',
  domain_not_allowed:
    'Your email domain may not join this workspace through single sign-on. Ask an owner to invite you.',
  account_disabled: 'This account is disabled.',
  internal_error: 'Something went wrong on our side. Please try again in a moment.',
};

/** The message for an `sso_error` code, or undefined when there is none. */
export function ssoErrorMessage(code: string | string[] | undefined): string | undefined {
  if (typeof code !== 'string' || code === '') return undefined;
  return Object.hasOwn(messages, code)
    ? messages[code as SsoLoginError]
    : 'Single sign-on did not complete. Please try again.';
}
