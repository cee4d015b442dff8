import { z } from 'zod';

// Calls from the portal's server side to the control-plane API. It turns every way a call can fail
// (refused, slow, non-JSON, a `{error:{code,message,errors}}` body) into one ApiFailure whose message
// can be shown to the user as is, with the API's field errors keyed by form field. The typed,
// cookie-forwarding client built on it is lib/control-plane.ts.

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
  /** The API's validation details, by body field (`body.name` → `name`), first message of each. */
  fieldErrors?: Record<string, string>;
};

export type ApiResult =
  | { ok: true; status: number; body: unknown; setCookieHeaders: string[] }
  | { ok: false; failure: ApiFailure };

export type ApiCallOptions = { fetchImpl?: typeof fetch; timeoutMs?: number };

/** One request to the control plane; `path` is already filled (see endpointPath). */
export type ApiRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: `/${string}`;
  /** JSON body; omitted = no body. */
  body?: unknown;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
};

/** The control plane's error body (`{"error":{code,message,requestId,docs,errors}}`), parsed loosely. */
const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string().nullish(),
    message: z.string().min(1),
    requestId: z.string().nullish(),
    errors: z
      .array(z.object({ location: z.string(), message: z.string(), fix: z.string().nullish() }))
      .nullish(),
  }),
});

/** POSTs JSON to `{baseUrl}{path}` and never throws. */
export async function postJson(
  baseUrl: string,
  path: `/${string}`,
  body: unknown,
  options: ApiCallOptions = {},
): Promise<ApiResult> {
  return requestJson(baseUrl, { method: 'POST', path, body }, options);
}

/** Sends one request to `{baseUrl}{path}?{query}` and never throws. */
export async function requestJson(
  baseUrl: string,
  request: ApiRequest,
  options: ApiCallOptions = {},
): Promise<ApiResult> {
  const { fetchImpl = fetch, timeoutMs = API_TIMEOUT_MS } = options;
  const url = new URL(request.path.slice(1), withTrailingSlash(baseUrl));
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const hasBody = request.body !== undefined;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: request.method,
      headers: {
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        accept: 'application/json',
        ...request.headers,
      },
      body: hasBody ? JSON.stringify(request.body) : undefined,
      cache: 'no-store',
      redirect: 'manual',
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
    const { code, message, requestId, errors } = parsed.data.error;
    const fieldErrors = errors ? fieldErrorsFromDetails(errors) : {};
    return {
      kind: 'http',
      status,
      message,
      code: code ?? undefined,
      requestId: requestId ?? headerRequestId,
      ...(Object.keys(fieldErrors).length > 0 ? { fieldErrors } : {}),
    };
  }
  return {
    kind: 'http',
    status,
    message: genericMessage(status),
    requestId: headerRequestId,
  };
}

/**
 * Keys the API's `{location, message, fix}` details by body field, keeping the first of each, so a
 * form can show each next to its input. `body.scopes.0` belongs to `scopes`; query and path details
 * are not form fields and are left to the page message.
 */
export function fieldErrorsFromDetails(
  details: readonly { location: string; message: string; fix?: string | null }[],
): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const detail of details) {
    const [location, field] = detail.location.split('.');
    if (location !== 'body' || !field || fieldErrors[field] !== undefined) continue;
    fieldErrors[field] = readableDetail(detail.message, detail.fix ?? undefined);
  }
  return fieldErrors;
}

/**
 * A detail as a sentence. zod's generic messages ("Too small: expected string to have >=3
 * characters") read worse than the API's `fix` ("Use at least 3 characters."); the contracts' own
 * messages are fragments meant to follow the field's name ("is reserved").
 */
function readableDetail(message: string, fix: string | undefined): string {
  if (/^(is|must|can)\b/.test(message)) return `This ${message}.`.replace(/\.\.$/, '.');
  if (fix && fix !== 'Provide this field.') return fix;
  if (message === 'This field is required.') return message;
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
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
