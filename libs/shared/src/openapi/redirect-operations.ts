import type { z } from 'zod';
import { ssoCallbackQuerySchema, ssoLoginPaths } from '../contracts/sso.contract';

/**
 * A browser navigation that always answers with a redirect (302), so it has no EndpointContract: the SSO sign-in
 * paths. Documented so the document lists every route the control plane serves.
 */
export type RedirectEndpoint = {
  operationId: string;
  path: string;
  summary: string;
  query?: z.ZodType;
};

export const REDIRECT_ENDPOINTS: readonly RedirectEndpoint[] = [
  {
    operationId: 'ssoLoginStart',
    path: ssoLoginPaths.start,
    summary:
      "Starts single sign-on: redirects the browser to the tenant's identity provider (or to the portal's login page with `?sso_error=`).",
  },
  {
    operationId: 'ssoLoginCallback',
    path: ssoLoginPaths.callback,
    summary:
      'Where the identity provider sends the browser back: signs it in and redirects to the portal (or to its login page with `?sso_error=`).',
    query: ssoCallbackQuerySchema,
  },
];
