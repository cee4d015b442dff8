import type { PassportInstance } from '../auth/passport.provider';
import { OIDC_STRATEGY, type OidcAuthenticateOptions, type OidcRequest } from './oidc.strategy';
import type { SsoProfile } from './sso-profile';

/** How one run of the `oidc` strategy ended. */
export type OidcOutcome =
  | { kind: 'redirect'; url: string }
  | { kind: 'authenticated'; profile: SsoProfile }
  | { kind: 'refused'; reason: string };

type Middleware = (request: unknown, response: unknown, next: (error?: unknown) => void) => void;

/**
 * Runs the `oidc` strategy on a request and resolves with its outcome instead of letting passport write the
 * response: the controller sends the redirect itself, with its cookies, through Fastify. Errors reject.
 */
export function runOidc(
  passport: PassportInstance,
  request: OidcRequest,
  options: OidcAuthenticateOptions,
): Promise<OidcOutcome> {
  return new Promise((resolve, reject) => {
    let location: string | undefined;
    // passport's redirect action sets Location and ends the response; this stands in for Node's response.
    const response = {
      statusCode: 200,
      setHeader(name: string, value: string) {
        if (name.toLowerCase() === 'location') location = value;
      },
      end() {
        if (location) resolve({ kind: 'redirect', url: location });
        else reject(new Error('the oidc strategy ended the response without a redirect'));
      },
    };
    const middleware = passport.authenticate(
      OIDC_STRATEGY,
      options,
      (error: unknown, profile: SsoProfile | false | undefined, challenge: unknown) => {
        if (error) reject(error);
        else if (profile) resolve({ kind: 'authenticated', profile });
        else resolve({ kind: 'refused', reason: describeChallenge(challenge) });
      },
    ) as Middleware;
    middleware(request, response, (error) =>
      reject(error ?? new Error('the oidc strategy passed the request on without a result')),
    );
  });
}

function describeChallenge(challenge: unknown): string {
  if (typeof challenge === 'object' && challenge !== null && 'message' in challenge)
    return String(challenge.message);
  return typeof challenge === 'string' ? challenge : 'refused without a reason';
}
