import { z } from 'zod';

// Calls from the portal's server side to the control-plane API. It turns every way a call can fail
// (refused, slow, non-JSON, a `{error:{code,message}}` body) into one ApiFailure whose message can be
// shown to the user as is. It is replaced by the typed client of libs/shared once the control-plane
// contracts exist; the failure handling stays.

/** How long a control-plane call may take before the portal gives up. */
export const API_TIMEOUT_MS = 5_000;

export const UNREACHABLE_MESSAGE = 'Could not reach the LLMGuard API. Please try again in a moment.';

export type ApiFailure = {
  kind: 'unreachable' | 'http';
  /** Public text for the user. */
  message: string;
  status?: number;
  code?: string;
  requestId?: string;
};

export type ApiResult =
  | { ok: true; status: number; body: unknown; setCookieHeaders: string[] }
  | { ok: false; failure: ApiFailure };

export type ApiCallOptions = { fetchImpl?: typeof fetch; timeoutMs?: number };

/** The control plane's error body (`{"error":{code,message,requestId,docs}}`), parsed loosely. */
const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string().nullish(),
    message: z.string().min(1),
    requestId: z.string().nullish(),
  }),
});

/** POSTs JSON to `{baseUrl}{path}` and never throws. */
export async function postJson(
  baseUrl: string,
  path: `/${string}`,
  body: unknown,
  options: ApiCallOptions = {},
): Promise<ApiResult> {
  const { fetchImpl = fetch, timeoutMs = API_TIMEOUT_MS } = options;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(new URL(path.slice(1), withTrailingSlash(baseUrl)), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch {
    return { ok: false, failure: { kind: 'unreachable', message: UNREACHABLE_MESSAGE } };
  }
  if (!response.ok) {
    return { ok: false, failure: failureFromResponse(response.status, text, response.headers) };
  }
  return {
    ok: true,
    status: response.status,
    body: parseJsonOrUndefined(text),
    setCookieHeaders: response.headers.getSetCookie(),
  };
}

/** Describes a non-2xx answer, preferring the control plane's own public message. */
export function failureFromResponse(status: number, bodyText: string, headers: Headers): ApiFailure {
  const parsed = apiErrorBodySchema.safeParse(parseJsonOrUndefined(bodyText));
  const headerRequestId = headers.get('x-request-id') ?? undefined;
  if (parsed.success) {
    const { code, message, requestId } = parsed.data.error;
    return {
      kind: 'http',
      status,
      message,
      code: code ?? undefined,
      requestId: requestId ?? headerRequestId,
    };
  }
  return {
    kind: 'http',
    status,
    message: genericMessage(status),
    requestId: headerRequestId,
  };
}

function genericMessage(status: number): string {
  if (status === 429) return 'Too many attempts. Please wait a minute and try again.';
  if (status >= 500)
    return `The LLMGuard API is having trouble (HTTP ${status}). Please try again in a moment.`;
  return `The LLMGuard API could not handle this request (HTTP ${status}).`;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
