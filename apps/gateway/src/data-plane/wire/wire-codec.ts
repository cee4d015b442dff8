import type { CanonicalChatRequest, CanonicalChatResponse, CanonicalStreamEvent } from '@llmguard/shared';
import type { WireFormat } from '../pipeline/request-context';

export type StreamEncoderOptions = {
  /** The model name the client asked for; answers show it rather than the upstream's. */
  model: string;
  /** Names the answer when the upstream gave no id. */
  requestId: string;
  /** OpenAI `stream_options.include_usage`: send the usage chunk before `[DONE]`. */
  includeUsage?: boolean;
};

/**
 * Writes canonical stream events as the client's SSE frames. Stateful: one encoder per response.
 * `encode` returns the text to write (possibly `''`), never throws, and ignores events after `finish`
 * or `error`.
 */
export type StreamEncoder = { encode(event: CanonicalStreamEvent): string };

export type RenderResponseOptions = {
  /** The model name the client asked for. */
  model: string;
  /** Names the answer when the upstream gave no id. */
  requestId?: string;
};

/** One client wire format: reads its request bodies, writes its answers. */
export type WireCodec = {
  readonly wire: WireFormat;
  /** Validates the client's JSON body; throws `GatewayError('invalid_request')` naming the bad field. */
  toCanonical(body: unknown): CanonicalChatRequest;
  renderResponse(response: CanonicalChatResponse, options: RenderResponseOptions): Record<string, unknown>;
  createStreamEncoder(options: StreamEncoderOptions): StreamEncoder;
};
