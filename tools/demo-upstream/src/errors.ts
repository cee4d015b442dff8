// Error bodies in each provider's shape, so SDKs raise the right error class.
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-io.js';
import { newId } from './ids.js';

export type Dialect = 'openai' | 'anthropic';

type OpenAiErrorFields = { type: string; code: string | null };

const OPENAI_ERRORS: Record<number, OpenAiErrorFields> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  404: { type: 'invalid_request_error', code: 'not_found' },
  405: { type: 'invalid_request_error', code: 'method_not_allowed' },
  413: { type: 'invalid_request_error', code: 'request_too_large' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: null },
  503: { type: 'server_error', code: 'service_unavailable' },
  529: { type: 'server_error', code: 'overloaded' },
};

const ANTHROPIC_ERRORS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export type ErrorDetails = { param?: string | null; code?: string | null };

export function sendError(
  res: ServerResponse,
  dialect: Dialect,
  status: number,
  message: string,
  details: ErrorDetails = {},
): void {
  // Clients back off on 429; a short hint keeps retrying tests fast.
  const headers = status === 429 ? { 'retry-after': '1' } : undefined;
  if (dialect === 'anthropic') {
    const type = ANTHROPIC_ERRORS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    const requestId = newId('req_');
    sendJson(
      res,
      status,
      { type: 'error', error: { type, message }, request_id: requestId },
      {
        ...headers,
        'request-id': requestId,
      },
    );
    return;
  }
  const known = OPENAI_ERRORS[status] ?? {
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  };
  const code = details.code === undefined ? known.code : details.code;
  sendJson(
    res,
    status,
    { error: { message, type: known.type, param: details.param ?? null, code } },
    headers,
  );
}
