import { buildOpenAIChatBody } from './openai.request-body';
import { parseOpenAIError, parseOpenAIResponse } from './openai.response';
import { createOpenAIStreamParser } from './openai.stream-parser';
import type { ProviderAdapter } from './provider-adapter';
import { upstreamUrl } from '../../clients/upstream-url';

/** Only OpenAI's own API needs `max_completion_tokens`; compatible servers know `max_tokens`. */
const OPENAI_API_HOST = 'api.openai.com';

/**
 * OpenAI and every OpenAI-compatible server (vLLM, TGI, Ollama, LM Studio, Together…): `POST
 * {baseUrl}/chat/completions` with a bearer token, where `baseUrl` ends in the server's `/v1`.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export const openAIAdapter: ProviderAdapter = {
  provider: 'openai',

  buildRequest(request, deployment) {
    const url = upstreamUrl(`${deployment.baseUrl}/chat/completions`);
    const body = buildOpenAIChatBody(request, {
      model: deployment.upstreamModel,
      maxTokensField: url.hostname === OPENAI_API_HOST ? 'max_completion_tokens' : 'max_tokens',
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: request.stream ? 'text/event-stream' : 'application/json',
    };
    if (deployment.credential) headers.authorization = `Bearer ${deployment.credential}`;
    return { url, headers, body: JSON.stringify(body) };
  },

  parseResponse: parseOpenAIResponse,

  createStreamParser: createOpenAIStreamParser,

  parseError(status, headers, bodyText) {
    return parseOpenAIError('openai', status, headers, bodyText);
  },
};
