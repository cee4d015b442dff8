import { GatewayError, type CanonicalStreamEvent, type ErrorCode } from '@llmguard/shared';
import type { ProviderAdapter } from '../providers/provider-adapter';
import { asRecord } from '../passthrough/passthrough-adapter';
import { elapsedMs, type RequestContext } from '../pipeline/request-context';
import type { WireCodec } from '../wire/wire-codec';
import type { Exchange } from './exchange';
import { safeJson } from './passthrough.exchange';

/**
 * Different formats on the two sides (e.g. an OpenAI client on an Anthropic deployment, or any
 * client on Gemini or Azure): the request goes client format → canonical → provider format, and
 * every answer, streamed or not, comes back the other way. One exchange per request: the stream
 * parser and encoder keep per-stream state.
 */
export function translatingExchange(
  codec: WireCodec,
  provider: ProviderAdapter,
  context: RequestContext,
): Exchange {
  const parse = provider.createStreamParser();
  let ended = false;
  const encoder = codec.createStreamEncoder({
    model: context.model,
    requestId: context.requestId,
    includeUsage: asRecord(context.body.stream_options).include_usage === true,
  });

  return {
    kind: 'translation',
    buildRequest(requestContext, deployment) {
      return provider.buildRequest(codec.toCanonical(requestContext.body), deployment);
    },

    readResponse(body, requestContext) {
      const response = provider.parseResponse(safeJson(body));
      requestContext.usage = { ...response.usage };
      requestContext.usageComplete =
        response.usage.inputTokens !== undefined && response.usage.outputTokens !== undefined;
      const rendered = codec.renderResponse(response, {
        model: requestContext.model,
        requestId: requestContext.requestId,
      });
      return Buffer.from(JSON.stringify(rendered));
    },

    translateStreamEvent(event, requestContext) {
      let out = '';
      for (const canonical of parse(event)) {
        if (canonical.type === 'finish' || canonical.type === 'error') ended = true;
        meter(canonical, requestContext);
        out += encoder.encode(canonical);
      }
      return out;
    },

    // An upstream body that stops without its end marker still gets a well-formed ending.
    endStream(requestContext) {
      if (ended) return '';
      requestContext.outcome = 'upstream_error';
      return encoder.encode({
        type: 'error',
        code: 'upstream_error',
        message: 'The upstream model server ended the stream without finishing the answer.',
      });
    },

    readError(status, headers, body) {
      const failure = provider.parseError(status, headers, body.toString('utf8'));
      const mapped = toClientStatus(status);
      throw new GatewayError(mapped.code, {
        publicMessage: failure.message,
        internalMessage: `${failure.provider} answered ${status}: ${failure.type ?? ''} ${failure.message}`,
        param: failure.param,
        status: mapped.status,
        retryable: failure.retryable,
        headers:
          failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      });
    },
  };
}

function meter(event: CanonicalStreamEvent, context: RequestContext): void {
  switch (event.type) {
    case 'text-delta':
      context.ttftMs ??= elapsedMs(context);
      context.outputText.push(event.delta);
      break;
    case 'tool-call-start':
      context.ttftMs ??= elapsedMs(context);
      context.outputText.push(event.name);
      break;
    case 'tool-call-delta':
      context.outputText.push(event.argumentsDelta);
      break;
    case 'usage':
      context.usage = { ...event.usage };
      context.usageComplete = event.usage.inputTokens !== undefined && event.usage.outputTokens !== undefined;
      break;
    case 'error':
      context.outcome = 'upstream_error';
      break;
    case 'message-start':
    case 'finish':
      break;
    default:
      event satisfies never;
  }
}

/**
 * The client sees the upstream's failure in its own format. Credential failures (401/403) and a
 * model the upstream does not know (404) are the deployment's fault, so they become our 502.
 */
function toClientStatus(status: number): { code: ErrorCode; status: number } {
  if (status === 401 || status === 403 || status === 404) return { code: 'upstream_error', status: 502 };
  if (status === 413) return { code: 'payload_too_large', status };
  if (status === 429) return { code: 'rate_limited', status };
  if (status >= 500) return { code: 'upstream_error', status };
  return { code: 'invalid_request', status };
}
