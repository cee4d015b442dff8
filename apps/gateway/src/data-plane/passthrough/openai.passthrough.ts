import { openAsBlob } from 'node:fs';
import { createOpenAIStreamForwarder } from './openai-stream-forwarder';
import { toMeteredUsage, type OpenAIUsage } from './openai-usage';
import { FormData } from 'undici';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import type { RequestContext } from '../pipeline/request-context';
import {
  asRecord,
  demoHeaders,
  type PassthroughAdapter,
  type UpstreamHttpRequest,
} from './passthrough-adapter';
import { upstreamUrl } from '../../clients/upstream-url';

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
    return {
      url: upstreamUrl(`${deployment.baseUrl}/${context.endpoint}`),
      headers,
      body: JSON.stringify(body),
    };
  },

  readUsage(body: unknown) {
    return toMeteredUsage(asRecord(body).usage as OpenAIUsage | undefined);
  },

  createStreamForwarder: createOpenAIStreamForwarder,
};

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
  return { url: upstreamUrl(`${deployment.baseUrl}/${context.endpoint}`), headers, body: form };
}
