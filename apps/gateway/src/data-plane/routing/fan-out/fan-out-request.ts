import { GatewayError } from '@llmguard/shared';
import { headerValue, type Endpoint, type RequestContext } from '../../pipeline/request-context';

/** The other models to ask, comma-separated: `x-llmguard-fan-out: claude-sonnet, llama-70b`. */
export const FAN_OUT_HEADER = 'x-llmguard-fan-out';
/** `compare` (default): every model's answer; `first`: the first model to answer, the others cancelled. */
export const FAN_OUT_MODE_HEADER = 'x-llmguard-fan-out-mode';
/** Most models one request may fan out to, the body's `model` included. */
export const FAN_OUT_MODELS_MAX = 5;

export type FanOutMode = 'compare' | 'first';

/** The models to call, in order (the body's `model` first), and how to answer. */
export type FanOutRequest = { mode: FanOutMode; models: string[] };

/** The endpoints whose answers fan-out knows how to combine: text generation. */
const FAN_OUT_ENDPOINTS: ReadonlySet<Endpoint> = new Set([
  'chat/completions',
  'completions',
  'responses',
  'messages',
]);

/**
 * The fan-out a request asks for through its headers, or undefined for an ordinary request. A malformed one is
 * refused (400) before anything is routed: an unknown mode, too many models, a compare that asks to stream.
 */
export function readFanOutRequest(context: RequestContext): FanOutRequest | undefined {
  const listed = headerValue(context.headers, FAN_OUT_HEADER);
  if (listed === undefined) return undefined;
  const mode = readMode(headerValue(context.headers, FAN_OUT_MODE_HEADER));
  if (!FAN_OUT_ENDPOINTS.has(context.endpoint)) {
    throw invalid(
      `Fan-out (${FAN_OUT_HEADER}) works on /v1/chat/completions, /v1/completions, /v1/responses and /v1/messages only.`,
    );
  }
  const models = [
    ...new Set([context.model, ...listed.split(',')].map((model) => model.trim()).filter(Boolean)),
  ];
  if (models.length < 2) {
    throw invalid(
      `The ${FAN_OUT_HEADER} header must name at least one model besides the request's \`model\`.`,
    );
  }
  if (models.length > FAN_OUT_MODELS_MAX) {
    throw invalid(
      `A request may fan out to at most ${FAN_OUT_MODELS_MAX} models; it named ${models.length}.`,
    );
  }
  if (mode === 'compare' && context.stream) {
    throw invalid(
      `Fan-out in compare mode answers with every model's complete response and cannot stream: send stream: false, or ${FAN_OUT_MODE_HEADER}: first.`,
    );
  }
  return { mode, models };
}

function readMode(value: string | undefined): FanOutMode {
  const mode = value?.trim().toLowerCase() || 'compare';
  if (mode === 'compare' || mode === 'first') return mode;
  throw invalid(
    `The ${FAN_OUT_MODE_HEADER} header must be \`compare\` or \`first\`, not \`${mode.slice(0, 40)}\`.`,
  );
}

function invalid(message: string): GatewayError {
  return new GatewayError('invalid_request', { publicMessage: message });
}
