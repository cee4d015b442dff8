import { errors as undiciErrors } from 'undici';

/** What one failed upstream call means for the rest of the request. */
export type AttemptVerdict = {
  /** Worth calling the same deployment again after a backoff (a transient fault). */
  readonly retrySame: boolean;
  /** Whether another deployment may take the request: any, only one with a larger context window, or none. */
  readonly fallback: 'any' | 'larger-context' | 'none';
  /** Counts against the deployment's circuit breaker: the deployment, not the request, is at fault. */
  readonly deploymentFault: boolean;
};

const TRANSIENT: AttemptVerdict = { retrySame: true, fallback: 'any', deploymentFault: true };
const MOVE_ON: AttemptVerdict = { retrySame: false, fallback: 'any', deploymentFault: true };
const CONTEXT_TOO_LONG: AttemptVerdict = {
  retrySame: false,
  fallback: 'larger-context',
  deploymentFault: false,
};
const FINAL: AttemptVerdict = { retrySame: false, fallback: 'none', deploymentFault: false };
const FINAL_FAULT: AttemptVerdict = { retrySame: false, fallback: 'none', deploymentFault: true };

// OpenAI says `context_length_exceeded`; Anthropic, vLLM, TGI and Ollama say it in words.
const CONTEXT_LENGTH_MESSAGE =
  /context[_ ]length|context window|maximum context|prompt is too long|input is too long|too many (input )?tokens/i;

/**
 * An upstream that answered with an error status. 408, 409 and 5xx are transient (retried here, then elsewhere);
 * 429, credential failures (401/403) and an unknown model (404) are this deployment's problem, so the next one
 * gets the request; a context-length error goes only to a deployment with a larger window; other 4xx are the
 * request's own fault and go back to the client as they are.
 */
export function verdictForStatus(status: number, bodyText: string): AttemptVerdict {
  if (status === 408 || status === 409 || status >= 500) return TRANSIENT;
  if (status === 429 || status === 401 || status === 403 || status === 404) return MOVE_ON;
  if ((status === 400 || status === 413 || status === 422) && CONTEXT_LENGTH_MESSAGE.test(bodyText)) {
    return CONTEXT_TOO_LONG;
  }
  return FINAL;
}

/**
 * A call that failed before any answer: a connection that could not be made (or broke) is retried; a timeout
 * before the first byte moves on at once (waiting again on a slow upstream spends the request's time); a body that
 * went silent halfway, the request's total time running out, or the client leaving end the request.
 */
export function verdictForThrown(error: unknown): AttemptVerdict {
  if (
    error instanceof undiciErrors.ConnectTimeoutError ||
    error instanceof undiciErrors.HeadersTimeoutError
  ) {
    return MOVE_ON;
  }
  if (error instanceof undiciErrors.BodyTimeoutError) return FINAL_FAULT;
  if (error instanceof DOMException && error.name === 'TimeoutError') return FINAL_FAULT;
  if (error instanceof Error && error.name === 'AbortError') return FINAL;
  if (error instanceof undiciErrors.RequestAbortedError) return FINAL;
  return TRANSIENT;
}
