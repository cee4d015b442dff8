import type { EventSourceMessage } from 'eventsource-parser';
import { openAsBlob } from 'node:fs';
import { FormData } from 'undici';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import { elapsedMs, type MeteredUsage, type RequestContext } from '../pipeline/request-context';
import {
  asRecord,
  collectGeneratedText,
  demoHeaders,
  nonNegativeInteger,
  parseJsonRecord,
  type PassthroughAdapter,
  type UpstreamHttpRequest,
} from './passthrough-adapter';

/** Chat and completions name usage prompt/completion; Responses and Images name it input/output. */
export type OpenAIUsage = {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
  input_tokens?: unknown;
  output_tokens?: unknown;
  input_tokens_details?: { cached_tokens?: unknown } | null;
};

// Endpoints whose streams report usage only when asked with stream_options.include_usage.
const USAGE_ON_REQUEST: ReadonlySet<string> = new Set(['chat/completions', 'completions']);

/**
 * OpenAI-compatible upstreams (OpenAI, vLLM, TGI, Ollama…). Streams always ask for usage
 * (`stream_options.include_usage`) so every stream is metered from the upstream's own count; the
 * usage-only chunk is dropped again when the client did not ask for it.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 */
export const openAIPassthrough: PassthroughAdapter = {
  wire: 'openai',

  buildRequest(context: RequestContext, deployment: ResolvedDeployment) {
    if (context.upload) return buildMultipartRequest(context, deployment);
    const body: Record<string, unknown> = { ...context.body, model: deployment.upstreamModel };
    if (context.stream && USAGE_ON_REQUEST.has(context.endpoint)) {
      body.stream_options = { ...asRecord(context.body.stream_options), include_usage: true };
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: context.stream ? 'text/event-stream' : 'application/json',
      ...demoHeaders(context, deployment),
    };
    if (deployment.credential) headers.authorization = `Bearer ${deployment.credential}`;
    return { url: new URL(`${deployment.baseUrl}/${context.endpoint}`), headers, body: JSON.stringify(body) };
  },

  readUsage(body: unknown) {
    return toMeteredUsage(asRecord(body).usage as OpenAIUsage | undefined);
  },

  meterStreamEvent(event: EventSourceMessage, context: RequestContext) {
    const { data } = event;
    if (context.ttftMs === undefined && /"(?:content|delta|text)":"[^"]|"tool_calls":\[\{/.test(data)) {
      context.ttftMs = elapsedMs(context);
    }
    // Cheap substring test first: only the final chunk carries a usage object.
    if (!data.includes('"usage":{')) {
      collectGeneratedText(data, context.outputText);
      return 'forward';
    }
    const chunk = parseJsonRecord(data);
    // Responses API streams carry usage on the final `response.completed` event's response.
    const usage = chunk.usage ?? asRecord(chunk.response).usage;
    context.usage = toMeteredUsage(usage as OpenAIUsage | undefined);
    context.usageComplete = context.usage.outputTokens !== undefined;
    const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
    return usageOnly && !clientAskedForUsage(context) ? 'drop' : 'forward';
  },
};

export function toMeteredUsage(usage: OpenAIUsage | undefined): MeteredUsage {
  if (!usage) return {};
  const details = usage.prompt_tokens_details ?? usage.input_tokens_details;
  const input = nonNegativeInteger(usage.prompt_tokens) ?? nonNegativeInteger(usage.input_tokens);
  // Embeddings report no completion tokens: their output is free.
  const output = nonNegativeInteger(usage.completion_tokens) ?? nonNegativeInteger(usage.output_tokens);
  return {
    inputTokens: input,
    outputTokens: output ?? (input !== undefined ? 0 : undefined),
    cachedInputTokens: nonNegativeInteger(details?.cached_tokens) ?? 0,
  };
}

/** Re-sends a multipart upload with the model replaced; files stream from their temporary copies. */
async function buildMultipartRequest(
  context: RequestContext,
  deployment: ResolvedDeployment,
): Promise<UpstreamHttpRequest> {
  const form = new FormData();
  for (const [name, value] of Object.entries(context.upload?.fields ?? {})) {
    form.append(name, name === 'model' ? deployment.upstreamModel : value);
  }
  for (const file of context.upload?.files ?? []) {
    form.append(file.field, await openAsBlob(file.path, { type: file.mimeType }), file.filename);
  }
  // undici writes the multipart content type with its boundary itself.
  const headers: Record<string, string> = { accept: 'application/json', ...demoHeaders(context, deployment) };
  if (deployment.credential) headers.authorization = `Bearer ${deployment.credential}`;
  return { url: new URL(`${deployment.baseUrl}/${context.endpoint}`), headers, body: form };
}

/** Whether the client itself asked for the usage chunk (`stream_options.include_usage`). */
export function clientAskedForUsage(context: RequestContext): boolean {
  return asRecord(context.body.stream_options).include_usage === true;
}
