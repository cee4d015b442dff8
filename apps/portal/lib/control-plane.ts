import { cookies, headers } from 'next/headers';
import {
  endpointPath,
  type EndpointBody,
  type EndpointContract,
  type EndpointResponse,
} from '@llmguard/shared';
import { type ApiFailure, requestJson } from './api-client';
import { getEnv } from './env';
import { recordControlPlaneCall } from './metrics';
import { clientHeaders, forwardedHeaders } from './forwarded-headers';
import { parseSetCookie } from './set-cookie';

// The portal's typed client of the control plane, for server code only (pages, layouts, server
// actions, route handlers). Each call carries the browser's session and CSRF cookies, its address
// and user agent, is built from a shared zod contract (path, method) and has its answer parsed by
// the contract's response schema.

export type ControlPlaneInput<Contract extends EndpointContract> = {
  params?: Record<string, string>;
  body?: EndpointBody<Contract>;
  query?: Record<string, string | undefined>;
};

export type ControlPlaneResult<Data> =
  { ok: true; data: Data; setCookieHeaders: string[] } | { ok: false; failure: ApiFailure };

export const UNEXPECTED_ANSWER_MESSAGE =
  'The LLMGuard API sent an answer the portal does not understand. Please try again.';

/** Calls one endpoint for the browser; never throws for an API or network failure. */
export async function callControlPlane<Contract extends EndpointContract>(
  contract: Contract,
  input: ControlPlaneInput<Contract> = {},
): Promise<ControlPlaneResult<EndpointResponse<Contract>>> {
  const startedAt = performance.now();
  const result = await requestJson(getEnv().CONTROL_PLANE_URL, {
    method: contract.method,
    path: endpointPath(contract.path, input.params) as `/${string}`,
    body: input.body,
    query: input.query,
    headers: await browserHeaders(contract.method),
  });
  recordControlPlaneCall(
    contract.path,
    contract.method,
    result.ok
      ? result.status
      : result.failure.kind === 'unreachable'
        ? 'unreachable'
        : (result.failure.status ?? 0),
    (performance.now() - startedAt) / 1000,
  );
  if (!result.ok) return result;
  if (!contract.response) {
    return {
      ok: true,
      data: undefined as EndpointResponse<Contract>,
      setCookieHeaders: result.setCookieHeaders,
    };
  }
  const parsed = contract.response.safeParse(result.body);
  if (!parsed.success) {
    return {
      ok: false,
      failure: { kind: 'http', status: result.status, message: UNEXPECTED_ANSWER_MESSAGE },
    };
  }
  return {
    ok: true,
    data: parsed.data as EndpointResponse<Contract>,
    setCookieHeaders: result.setCookieHeaders,
  };
}

/** What a control-plane call made for the browser sends of it: its two cookies, its address and user agent. */
export async function browserHeaders(method: string): Promise<Record<string, string>> {
  const [jar, incoming] = await Promise.all([cookies(), headers()]);
  return {
    ...clientHeaders((name) => incoming.get(name)),
    ...forwardedHeaders(method, (name) => jar.get(name)?.value),
  };
}

/**
 * For server actions and route handlers, the only places that may set cookies: the call, then the
 * control plane's Set-Cookie headers re-issued on the portal's own response (the browser never
 * talks to the control plane, so its cookies must come from the portal's origin).
 */
export async function callControlPlaneFromAction<Contract extends EndpointContract>(
  contract: Contract,
  input: ControlPlaneInput<Contract> = {},
): Promise<ControlPlaneResult<EndpointResponse<Contract>>> {
  const result = await callControlPlane(contract, input);
  if (result.ok) await reissueCookies(result.setCookieHeaders);
  return result;
}

/** Sets each forwarded cookie on the portal's response. */
export async function reissueCookies(setCookieHeaders: readonly string[]): Promise<void> {
  if (setCookieHeaders.length === 0) return;
  const jar = await cookies();
  for (const header of setCookieHeaders) {
    const cookie = parseSetCookie(header);
    if (cookie) jar.set(cookie);
  }
}
