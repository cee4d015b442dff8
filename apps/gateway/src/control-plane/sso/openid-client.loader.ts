import type * as OpenIdClient from 'openid-client' with { 'resolution-mode': 'import' };
import type * as OpenIdPassport from 'openid-client/passport' with { 'resolution-mode': 'import' };

/** The openid-client modules the control plane uses. */
export type OpenIdClientModules = { client: typeof OpenIdClient; passport: typeof OpenIdPassport };

let loading: Promise<OpenIdClientModules> | undefined;

/**
 * openid-client 6 is published as ES modules only, and the gateway compiles to CommonJS; `import()` (which the
 * compiler keeps as is) loads it once, on the first SSO request.
 */
export function loadOpenIdClient(): Promise<OpenIdClientModules> {
  loading ??= Promise.all([import('openid-client'), import('openid-client/passport')]).then(
    ([client, passport]) => ({ client, passport }),
  );
  return loading;
}
