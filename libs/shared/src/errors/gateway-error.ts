import { describeErrorCode, type ErrorCode } from './error-codes';

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
