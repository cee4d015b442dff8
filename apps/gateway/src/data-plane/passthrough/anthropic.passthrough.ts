import type { EventSourceMessage } from 'eventsource-parser';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import { elapsedMs, headerValue, type MeteredUsage, type RequestContext } from '../pipeline/request-context';
import {
  asRecord,
  collectGeneratedText,
  demoHeaders,
  nonNegativeInteger,
  parseJsonRecord,
  type PassthroughAdapter,
} from './passthrough-adapter';
import { upstreamUrl } from '../../clients/upstream-url';

const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

type AnthropicUsage = {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_read_input_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
};

/**
 * Anthropic Messages upstreams. Input usage arrives in `message_start`, the running output count in
 * `message_delta`.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
export const anthropicPassthrough: PassthroughAdapter = {
  wire: 'anthropic',

  buildRequest(context: RequestContext, deployment: ResolvedDeployment) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: context.stream ? 'text/event-stream' : 'application/json',
      'anthropic-version': headerValue(context.headers, 'anthropic-version') ?? DEFAULT_ANTHROPIC_VERSION,
      ...demoHeaders(context, deployment),
    };
    const beta = headerValue(context.headers, 'anthropic-beta');
    if (beta) headers['anthropic-beta'] = beta;
    if (deployment.credential) headers['x-api-key'] = deployment.credential;
    const body = JSON.stringify({ ...context.body, model: deployment.upstreamModel });
    return { url: upstreamUrl(`${deployment.baseUrl}/v1/messages`), headers, body };
  },

  readUsage(body: unknown) {
    return toMeteredUsage(asRecord(asRecord(body).usage) as AnthropicUsage, {});
  },

  meterStreamEvent(event: EventSourceMessage, context: RequestContext) {
    switch (event.event) {
      case 'message_start':
        context.usage = toMeteredUsage(
          asRecord(asRecord(parseJsonRecord(event.data).message).usage) as AnthropicUsage,
          {},
        );
        break;
      case 'content_block_delta':
        context.ttftMs ??= elapsedMs(context);
        collectGeneratedText(event.data, context.outputText);
        break;
      case 'message_delta':
        context.usage = toMeteredUsage(
          asRecord(parseJsonRecord(event.data).usage) as AnthropicUsage,
          context.usage,
        );
        context.usageComplete = context.usage.outputTokens !== undefined;
        break;
      default:
        break;
    }
    return 'forward';
  },
};

/** Anthropic's input_tokens excludes cache reads and writes; ours counts every input token. */
function toMeteredUsage(usage: AnthropicUsage, previous: MeteredUsage): MeteredUsage {
  const input = nonNegativeInteger(usage.input_tokens);
  const cacheRead = nonNegativeInteger(usage.cache_read_input_tokens) ?? 0;
  const cacheWrite = nonNegativeInteger(usage.cache_creation_input_tokens) ?? 0;
  return {
    inputTokens: input === undefined ? previous.inputTokens : input + cacheRead + cacheWrite,
    outputTokens: nonNegativeInteger(usage.output_tokens) ?? previous.outputTokens,
    cachedInputTokens: input === undefined ? previous.cachedInputTokens : cacheRead,
  };
}
