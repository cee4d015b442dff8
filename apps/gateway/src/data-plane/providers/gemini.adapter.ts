import { buildGeminiBody } from './gemini.request-body';
import { parseGeminiError, parseGeminiResponse } from './gemini.response';
import { createGeminiStreamParser } from './gemini.stream-parser';
import type { ProviderAdapter } from './provider-adapter';
import { upstreamUrl } from '../../clients/upstream-url';

/**
 * Google Gemini (Generative Language API): `POST {baseUrl}/v1beta/models/{model}:generateContent`,
 * or `:streamGenerateContent?alt=sse` for server-sent events, with an `x-goog-api-key` header.
 * `baseUrl` is `https://generativelanguage.googleapis.com`.
 * @see https://ai.google.dev/api/generate-content
 */
export const geminiAdapter: ProviderAdapter = {
  provider: 'gemini',

  buildRequest(request, deployment) {
    const model = deployment.upstreamModel.replace(/^models\//, '');
    const method = request.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: request.stream ? 'text/event-stream' : 'application/json',
    };
    if (deployment.credential) headers['x-goog-api-key'] = deployment.credential;
    return {
      url: upstreamUrl(`${deployment.baseUrl}/v1beta/models/${encodeURIComponent(model)}:${method}`),
      headers,
      body: JSON.stringify(buildGeminiBody(request)),
    };
  },

  parseResponse: parseGeminiResponse,

  createStreamParser: createGeminiStreamParser,

  parseError: parseGeminiError,
};
