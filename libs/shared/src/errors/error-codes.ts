import { z } from 'zod';

/** Every error LLMGuard returns, by code. The table below maps each to its HTTP status and wire types. */
export const errorCodeSchema = z.enum([
  'invalid_request',
  /** A request field failed its schema; the body lists every field (control plane). */
  'validation_failed',
  'invalid_api_key',
  /** No valid session or management key on a control-plane request. */
  'unauthenticated',
  /** Wrong email or password at sign-in (one message for both, so accounts cannot be probed). */
  'invalid_credentials',
  'permission_denied',
  /** A state-changing request with a session cookie lacked a matching `x-csrf-token` header. */
  'csrf_failed',
  /** The tenant requires single sign-on and the session was not made by its identity provider (details: start URL). */
  'sso_required',
  /** The tenant is suspended by the platform: its keys are refused and its settings are read-only. */
  'tenant_suspended',
  /** The tenant's policy forbids what the request needs (the message names the rule, e.g. routing.allowedProviders). */
  'policy_violation',
  /** A guardrail of the tenant's policy refused the prompt (personal data, prompt injection); the message names the kinds, never the values. */
  'guardrail_blocked',
  /** The moderation model put the completion in a blocked category (contentFilter.moderateOutput); its tokens are billed. */
  'output_blocked',
  'not_found',
  /** An invitation that has passed its expiry. */
  'invitation_expired',
  /** An invitation that was revoked (or replaced by a newer one to the same address). */
  'invitation_revoked',
  /** An invitation that was already accepted: each works once. */
  'invitation_used',
  'model_not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'budget_exceeded',
  'internal_error',
  'upstream_error',
  'upstream_timeout',
  'service_unavailable',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** OpenAI's `error.type` values (@see https://platform.openai.com/docs/guides/error-codes). */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'api_error'
  | 'server_error';

/** Anthropic's `error.type` values (@see https://docs.anthropic.com/en/api/errors). */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

type ErrorCodeInfo = { status: number; openaiType: OpenAIErrorType; anthropicType: AnthropicErrorType };

const ERROR_CODE_TABLE: Record<ErrorCode, ErrorCodeInfo> = {
  invalid_request: {
    status: 400,
    openaiType: 'invalid_request_error',
    anthropicType: 'invalid_request_error',
  },
  validation_failed: {
    status: 400,
    openaiType: 'invalid_request_error',
    anthropicType: 'invalid_request_error',
  },
  invalid_api_key: { status: 401, openaiType: 'authentication_error', anthropicType: 'authentication_error' },
  unauthenticated: { status: 401, openaiType: 'authentication_error', anthropicType: 'authentication_error' },
  invalid_credentials: {
    status: 401,
    openaiType: 'authentication_error',
    anthropicType: 'authentication_error',
  },
  permission_denied: { status: 403, openaiType: 'permission_error', anthropicType: 'permission_error' },
  csrf_failed: { status: 403, openaiType: 'permission_error', anthropicType: 'permission_error' },
  sso_required: { status: 403, openaiType: 'permission_error', anthropicType: 'permission_error' },
  tenant_suspended: { status: 403, openaiType: 'permission_error', anthropicType: 'permission_error' },
  policy_violation: { status: 403, openaiType: 'permission_error', anthropicType: 'permission_error' },
  // 400, as OpenAI and Azure answer a prompt their content filter refuses: the request itself must change.
  guardrail_blocked: {
    status: 400,
    openaiType: 'invalid_request_error',
    anthropicType: 'invalid_request_error',
  },
  // 400 too, never a 5xx: the SDKs retry those, and each retry would bill a new completion the filter may refuse again.
  output_blocked: {
    status: 400,
    openaiType: 'invalid_request_error',
    anthropicType: 'invalid_request_error',
  },
  not_found: { status: 404, openaiType: 'not_found_error', anthropicType: 'not_found_error' },
  invitation_expired: {
    status: 410,
    openaiType: 'invalid_request_error',
    anthropicType: 'invalid_request_error',
  },
  invitation_revoked: {
    status: 410,
    openaiType: 'invalid_request_error',
    anthropicType: 'invalid_request_error',
  },
  invitation_used: {
    status: 410,
    openaiType: 'invalid_request_error',
    anthropicType: 'invalid_request_error',
  },
  model_not_found: { status: 404, openaiType: 'invalid_request_error', anthropicType: 'not_found_error' },
  conflict: { status: 409, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error' },
  payload_too_large: { status: 413, openaiType: 'invalid_request_error', anthropicType: 'request_too_large' },
  rate_limited: { status: 429, openaiType: 'rate_limit_error', anthropicType: 'rate_limit_error' },
  budget_exceeded: { status: 429, openaiType: 'insufficient_quota', anthropicType: 'rate_limit_error' },
  internal_error: { status: 500, openaiType: 'server_error', anthropicType: 'api_error' },
  upstream_error: { status: 502, openaiType: 'api_error', anthropicType: 'api_error' },
  upstream_timeout: { status: 504, openaiType: 'api_error', anthropicType: 'api_error' },
  service_unavailable: { status: 503, openaiType: 'server_error', anthropicType: 'overloaded_error' },
};

/** HTTP status and wire types for an error code. */
export function describeErrorCode(code: ErrorCode): ErrorCodeInfo {
  return ERROR_CODE_TABLE[code];
}
