import { describeErrorCode, type ErrorCode } from './error-codes';

/** One field at fault in a request (Unkey's validation error shape: where, what, and how to fix it). */
export type ErrorDetail = {
  /** Where the value sits, e.g. `body.password` or `query.limit`. */
  location: string;
  message: string;
  /** A hint the caller can act on, when there is one. */
  fix?: string;
};

export type GatewayErrorOptions = {
  /** Shown to the client. Never include secrets, PII or internal details. */
  publicMessage: string;
  /** Logged only: the detail an operator needs. */
  internalMessage?: string;
  /** The request field at fault, as OpenAI's `error.param`. */
  param?: string;
  /** Overrides the status from the code table (e.g. to keep an upstream's status). */
  status?: number;
  /** Whether retrying the same request may succeed. */
  retryable?: boolean;
  /** Extra headers for the response, such as `retry-after`. */
  headers?: Record<string, string>;
  /** Every field at fault, for validation errors; rendered by the control plane only. */
  details?: ErrorDetail[];
  cause?: unknown;
};

/** The one error class used inside every app; renderers turn it into the client's wire format. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly publicMessage: string;
  readonly internalMessage?: string;
  readonly param?: string;
  readonly retryable: boolean;
  readonly headers: Record<string, string>;
  readonly details?: ErrorDetail[];

  constructor(code: ErrorCode, options: GatewayErrorOptions) {
    super(options.internalMessage ?? options.publicMessage, { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? describeErrorCode(code).status;
    this.publicMessage = options.publicMessage;
    this.internalMessage = options.internalMessage;
    this.param = options.param;
    this.retryable = options.retryable ?? isRetryableStatus(this.status);
    this.headers = options.headers ?? {};
    this.details = options.details;
  }
}

/** 408, 409, 429 and 5xx may succeed on retry (as the OpenAI and Vercel AI SDKs assume). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Turns anything thrown into a GatewayError; unknown errors become a generic 500. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('internal_error', {
    publicMessage:
      'An unexpected error occurred. Retry, and contact support with the request id if it persists.',
    internalMessage: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    cause: error,
  });
}
