import { GatewayError } from '@llmguard/shared';
import {
  collectGeneratedText,
  encodeSseEvent,
  type PassthroughAdapter,
} from '../passthrough/passthrough-adapter';
import type { Exchange } from './exchange';

/**
 * Same format on both sides: the body goes upstream with only `model` changed, answers come back
 * byte for byte (SSE events re-framed, never re-serialised), and usage is read on the way.
 */
export function passthroughExchange(adapter: PassthroughAdapter): Exchange {
  return {
    kind: 'passthrough',
    createStreamForwarder: 'createStreamForwarder' in adapter ? adapter.createStreamForwarder : undefined,
    buildRequest: (context, deployment) => adapter.buildRequest(context, deployment),

    readResponse(body, context) {
      context.usage = adapter.readUsage(usageOnly(body) ?? safeJson(body));
      context.usageComplete =
        context.usage.inputTokens !== undefined && context.usage.outputTokens !== undefined;
      if (!context.usageComplete) collectGeneratedText(body.toString('utf8'), context.outputText);
      return body;
    },

    translateStreamEvent(event, context) {
      const verdict = 'meterStreamEvent' in adapter ? adapter.meterStreamEvent(event, context) : 'forward';
      return verdict === 'forward' ? encodeSseEvent(event) : '';
    },

    // Passthrough forwards the upstream's own closing frames.
    endStream: () => '',

    readError(status, _headers, body) {
      // An upstream 401/403 means the gateway's provider credential is wrong, not the client's key.
      if (status === 401 || status === 403) {
        throw new GatewayError('upstream_error', {
          publicMessage: 'The upstream model server rejected the gateway credentials for this deployment.',
          internalMessage: `upstream answered ${status}: ${body.subarray(0, 500).toString()}`,
          retryable: false,
        });
      }
      if (safeJson(body) === undefined) {
        throw new GatewayError('upstream_error', {
          publicMessage: `The upstream model server answered with status ${status}.`,
          internalMessage: body.subarray(0, 500).toString(),
          status: status >= 500 ? 502 : status,
        });
      }
      return { status, body };
    },
  };
}

const USAGE_KEY = Buffer.from('"usage":{');

/**
 * `{ usage }` read from the top-level usage object alone, without parsing the whole answer: the
 * key is found from the end (providers put usage last) and the object ends at its balancing brace.
 * Undefined when that fails, and the caller parses everything.
 */
export function usageOnly(body: Buffer): { usage: unknown } | undefined {
  const start = body.lastIndexOf(USAGE_KEY);
  if (start < 0) return undefined;
  const objectStart = start + USAGE_KEY.length - 1;
  let depth = 0;
  for (let index = objectStart; index < body.length; index += 1) {
    const byte = body[index];
    if (byte === 0x7b) depth += 1;
    else if (byte === 0x7d && --depth === 0) {
      try {
        return { usage: JSON.parse(body.toString('utf8', objectStart, index + 1)) as unknown };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
