import { z } from 'zod';

// A failed playground call, described for a person: a title that says what kind of failure it was
// (bad key, no permission, rate limited, upstream down…), the gateway's own message, and the details
// support needs (status, code, request id). The gateway answers OpenAI-shaped errors
// (`{error:{message,type,param,code}}`), before the stream starts as an HTTP status and inside a
// started stream as one `data:` event.

export type GatewayFailure = {
  /** HTTP status; undefined when the gateway was not reached or the stream broke. */
  status?: number;
  title: string;
  message: string;
  /** OpenAI error `code` (e.g. `invalid_api_key`) or `type` when there is no code. */
  code?: string;
  /** The request field the error is about (OpenAI `param`), e.g. `model` or `temperature`. */
  param?: string;
  requestId?: string;
  /** From the `retry-after` header of a 429. */
  retryAfterSeconds?: number;
};

/** OpenAI's error body, parsed loosely: every field but the message may be missing or null. */
export const openAiErrorBodySchema = z.object({
  error: z.object({
    message: z.string().min(1),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

export type OpenAiErrorBody = z.infer<typeof openAiErrorBodySchema>;

/** Failures of the portal's own proxy (lib/playground/gateway-proxy.ts), which are not the gateway's. */
const PORTAL_TITLES: Record<string, string> = {
  portal_session_required: 'Your portal session has ended',
  portal_session_unknown: 'The portal could not check your session',
  gateway_unreachable: 'Could not reach the gateway',
  request_too_large: 'The conversation is too large',
};

/** The title of a failure by HTTP status, the way the OpenAI SDK sorts its error classes. */
export function failureTitle(status: number | undefined): string {
  if (status === undefined) return 'The stream stopped with an error';
  if (status === 400 || status === 422) return 'The gateway rejected the request';
  if (status === 401) return 'The gateway refused this API key';
  if (status === 402) return 'Payment required';
  if (status === 403) return 'This key is not allowed to do that';
  if (status === 404) return 'Model not found for this key';
  if (status === 408 || status === 504) return 'The model took too long to answer';
  if (status === 413) return 'The request is too large';
  if (status === 429) return 'Rate limited';
  if (status >= 500) return `The gateway or the model server failed (HTTP ${status})`;
  return `The gateway answered HTTP ${status}`;
}

/** Describes a non-2xx gateway answer, keeping the gateway's own message when it sent one. */
export function failureFromResponse(status: number, bodyText: string, headers: Headers): GatewayFailure {
  const parsed = openAiErrorBodySchema.safeParse(parseJson(bodyText));
  const retryAfter = Number(headers.get('retry-after'));
  const details = errorDetails(parsed.success ? parsed.data : undefined);
  return {
    status,
    title: (details.code ? PORTAL_TITLES[details.code] : undefined) ?? failureTitle(status),
    message: parsed.success ? parsed.data.error.message : fallbackMessage(status),
    ...details,
    ...(headers.get('x-request-id') ? { requestId: headers.get('x-request-id') ?? undefined } : {}),
    ...(status === 429 && Number.isFinite(retryAfter) && retryAfter > 0
      ? { retryAfterSeconds: retryAfter }
      : {}),
  };
}

/** An error event inside a started stream (the upstream failed after the first bytes). */
export function failureFromStreamError(body: OpenAiErrorBody, requestId: string | undefined): GatewayFailure {
  return {
    title: failureTitle(undefined),
    message: body.error.message,
    ...errorDetails(body),
    ...(requestId ? { requestId } : {}),
  };
}

/** The gateway could not be reached, or the connection broke without an error event. */
export function networkFailure(requestId?: string): GatewayFailure {
  return {
    title: requestId ? 'The connection to the gateway broke' : 'Could not reach the gateway',
    message: 'Check your connection and try again. If it keeps happening, the gateway may be restarting.',
    ...(requestId ? { requestId } : {}),
  };
}

function errorDetails(body: OpenAiErrorBody | undefined): Pick<GatewayFailure, 'code' | 'param'> {
  if (!body) return {};
  const code = body.error.code ?? body.error.type;
  return {
    ...(code !== null && code !== undefined ? { code: String(code) } : {}),
    ...(body.error.param ? { param: body.error.param } : {}),
  };
}

function fallbackMessage(status: number): string {
  if (status >= 500) return 'The gateway sent no details. Try again in a moment.';
  return 'The gateway sent no details about this error.';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
