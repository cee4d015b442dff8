import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { FormData } from 'undici';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import type { MeteredUsage, RequestContext, WireFormat } from '../pipeline/request-context';

/** A JSON body as text, or a multipart body that undici streams (its files straight from disk). */
export type UpstreamHttpRequest = { url: URL; headers: Record<string, string>; body: string | FormData };

/**
 * Forwards a request to a provider that speaks the client's own wire format, touching only the
 * model name, and reads usage from the answer without re-encoding it.
 */
export type PassthroughAdapter = {
  readonly wire: WireFormat;
  buildRequest(
    context: RequestContext,
    deployment: ResolvedDeployment,
  ): UpstreamHttpRequest | Promise<UpstreamHttpRequest>;
  /** Usage from a complete JSON answer. */
  readUsage(body: unknown): MeteredUsage;
} & (
  | {
      /** Records usage and time to first token from one SSE event; says whether the client gets it. */
      meterStreamEvent(event: EventSourceMessage, context: RequestContext): 'forward' | 'drop';
    }
  | {
      /** Streams are forwarded raw, whole events at a time, metered on the way (the fast path). */
      createStreamForwarder(context: RequestContext): StreamForwarder;
    }
);

/** Forwards raw SSE text; `push` takes upstream text, `end` flushes what is left. */
export type StreamForwarder = { push(text: string): string; end(): string };

/** Headers the demo upstream and the bench's fake upstream read; forwarded only to demo/test deployments. */
export function demoHeaders(context: RequestContext, deployment: ResolvedDeployment): Record<string, string> {
  if (!deployment.tags.some((tag) => tag === 'demo' || tag === 'test')) return {};
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(context.headers)) {
    if ((name.startsWith('x-demo-') || name.startsWith('x-fake-')) && typeof value === 'string')
      forwarded[name] = value;
  }
  return forwarded;
}

/** Re-frames a parsed SSE event exactly as the upstream sent its fields. */
/**
 * A forwarder that parses the SSE text `inner` lets out and sends on what `mapEvent` makes of each event (an event
 * cut across chunks waits for its end; at the end, a last event without its blank line still counts).
 */
export function eventMappingForwarder(
  inner: StreamForwarder,
  mapEvent: (event: EventSourceMessage) => string,
): StreamForwarder {
  let out = '';
  const parser = createParser({ onEvent: (event) => (out += mapEvent(event)) });
  const take = () => {
    const text = out;
    out = '';
    return text;
  };
  return {
    push(text) {
      parser.feed(inner.push(text));
      return take();
    },
    end() {
      parser.feed(inner.end());
      parser.reset({ consume: true });
      return take();
    },
  };
}

export function encodeSseEvent(event: EventSourceMessage): string {
  const name = event.event ? `event: ${event.event}\n` : '';
  return `${name}${event.data
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}

export function nonNegativeInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Parses JSON text into an object; anything else (or invalid JSON) becomes `{}`. */
export function parseJsonRecord(text: string): Record<string, unknown> {
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return {};
  }
}

// A JSON string value of one of the generated-text fields of OpenAI and Anthropic payloads.
const GENERATED_TEXT = /"(?:content|arguments|text|partial_json|delta)":"((?:[^"\\]|\\.)*)"/g;

/**
 * Collects the still-escaped generated text of raw JSON: a regex pass only, no parsing. The
 * pieces are decoded ({@link decodeEscapedText}) only when the meter needs to count them.
 */
export function collectEscapedText(json: string, into: string[]): void {
  for (const match of json.matchAll(GENERATED_TEXT)) if (match[1]) into.push(match[1]);
}

/** Decodes pieces kept by {@link collectEscapedText}; a piece that is not a valid string literal is skipped. */
export function decodeEscapedText(pieces: readonly string[]): string {
  let text = '';
  for (const piece of pieces) {
    try {
      text += JSON.parse(`"${piece}"`) as string;
    } catch {
      // Not a complete string literal: nothing to count.
    }
  }
  return text;
}

/**
 * Collects generated text from raw JSON without parsing the whole payload, so the meter can count
 * output tokens itself when the upstream never reports usage (e.g. the client went away first).
 */
export function collectGeneratedText(json: string, into: string[]): void {
  for (const match of json.matchAll(GENERATED_TEXT)) {
    const escaped = match[1];
    if (!escaped) continue;
    try {
      into.push(JSON.parse(`"${escaped}"`) as string);
    } catch {
      // Not a complete string literal: nothing to count.
    }
  }
}
