import { describeErrorCode } from './error-codes';
import type { ErrorDetail, GatewayError } from './gateway-error';

/** `{"error":{message,type,param,code}}`, the body the `openai` SDKs parse. */
export type OpenAIErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};

/** `{"type":"error","error":{type,message}}`, the body the `@anthropic-ai/sdk` parses. */
export type AnthropicErrorBody = { type: 'error'; error: { type: string; message: string } };

/** The control plane's `{"error":{code,message,requestId,docs}}`, plus `errors` listing each field at fault. */
export type ApiErrorBody = {
  error: { code: string; message: string; requestId: string; docs: string; errors?: ErrorDetail[] };
};

const DOCS_BASE_URL = 'https://docs.llmguard.dev/errors';

export function renderOpenAIError(error: GatewayError): OpenAIErrorBody {
  return {
    error: {
      message: error.publicMessage,
      type: describeErrorCode(error.code).openaiType,
      param: error.param ?? null,
      code: error.code,
    },
  };
}

export function renderAnthropicError(error: GatewayError): AnthropicErrorBody {
  return {
    type: 'error',
    error: { type: describeErrorCode(error.code).anthropicType, message: error.publicMessage },
  };
}

export function renderApiError(error: GatewayError, requestId: string): ApiErrorBody {
  return {
    error: {
      code: error.code,
      message: error.publicMessage,
      requestId,
      docs: `${DOCS_BASE_URL}#${error.code}`,
      ...(error.details ? { errors: error.details } : {}),
    },
  };
}
