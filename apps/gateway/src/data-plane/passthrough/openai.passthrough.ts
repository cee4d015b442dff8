import type { EventSourceMessage } from 'eventsource-parser';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import { elapsedMs, type MeteredUsage, type RequestContext } from '../pipeline/request-context';
import {
  asRecord,
  collectGeneratedText,
  demoHeaders,
  nonNegativeInteger,
  parseJsonRecord,
  type PassthroughAdapter,
} from './passthrough-adapter';

type OpenAIUsage = {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
};

/**
 * OpenAI-compatible upstreams (OpenAI, vLLM, TGI, Ollama…). Streams always ask for usage
 * (`stream_options.include_usage`) so every stream is metered from the upstream's own count; the
 * usage-only chunk is dropped again when the client did not ask for it.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 */
export const openAIPassthrough: PassthroughAdapter = {
  wire: 'openai',

  buildRequest(context: RequestContext, deployment: ResolvedDeployment) {
    const body: Record<string, unknown> = { ...context.body, model: deployment.upstreamModel };
    if (context.stream)
      body.stream_options = { ...asRecord(context.body.stream_options), include_usage: true };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: context.stream ? 'text/event-stream' : 'application/json',
      ...demoHeaders(context, deployment),
    };
    if (deployment.credential) headers.authorization = `Bearer ${deployment.credential}`;
    return { url: new URL(`${deployment.baseUrl}/chat/completions`), headers, body: JSON.stringify(body) };
  },

  readUsage(body: unknown) {
    return toMeteredUsage(asRecord(body).usage as OpenAIUsage | undefined);
  },

  meterStreamEvent(event: EventSourceMessage, context: RequestContext) {
    const { data } = event;
    if (context.ttftMs === undefined && (/"content":"[^"]/.test(data) || data.includes('"tool_calls":[{'))) {
      context.ttftMs = elapsedMs(context);
    }
    // Cheap substring test first: only the final chunk carries a usage object.
    if (!data.includes('"usage":{')) {
      collectGeneratedText(data, context.outputText);
      return 'forward';
    }
    const chunk = parseJsonRecord(data);
    context.usage = toMeteredUsage(chunk.usage as OpenAIUsage | undefined);
    context.usageComplete = context.usage.outputTokens !== undefined;
    const clientAskedForUsage = asRecord(context.body.stream_options).include_usage === true;
    const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
    return usageOnly && !clientAskedForUsage ? 'drop' : 'forward';
  },
};

function toMeteredUsage(usage: OpenAIUsage | undefined): MeteredUsage {
  if (!usage) return {};
  return {
    inputTokens: nonNegativeInteger(usage.prompt_tokens),
    outputTokens: nonNegativeInteger(usage.completion_tokens),
    cachedInputTokens: nonNegativeInteger(usage.prompt_tokens_details?.cached_tokens) ?? 0,
  };
}
