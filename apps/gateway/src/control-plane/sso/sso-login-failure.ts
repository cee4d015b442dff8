import type { SsoLoginError } from '@llmguard/shared';

/**
 * An SSO sign-in refused for a reason the user may see (as `sso_error` on the portal's login page). The internal
 * message, if any, is for the log only.
 */
export class SsoLoginFailure extends Error {
  constructor(
    readonly code: SsoLoginError,
    internalMessage?: string,
  ) {
    super(internalMessage ?? code);
    this.name = 'SsoLoginFailure';
  }
}
