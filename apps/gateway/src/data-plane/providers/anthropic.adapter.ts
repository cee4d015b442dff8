import { buildAnthropicBody } from './anthropic.request-body';
import { parseAnthropicError, parseAnthropicResponse } from './anthropic.response';
import { createAnthropicStreamParser } from './anthropic.stream-parser';
import type { ProviderAdapter } from './provider-adapter';
import { upstreamUrl } from '../../clients/upstream-url';

/** The Messages API version every current feature we translate is available in. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic Messages: `POST {baseUrl}/v1/messages` with `x-api-key` and `anthropic-version`.
 * @see https://docs.anthropic.com/en/api/messages
 */
export const anthropicAdapter: ProviderAdapter = {
  provider: 'anthropic',

  buildRequest(request, deployment) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: request.stream ? 'text/event-stream' : 'application/json',
      'anthropic-version': ANTHROPIC_VERSION,
    };
    if (deployment.credential) headers['x-api-key'] = deployment.credential;
    return {
      url: upstreamUrl(`${deployment.baseUrl}/v1/messages`),
      headers,
      body: JSON.stringify(buildAnthropicBody(request, deployment.upstreamModel)),
    };
  },

  parseResponse: parseAnthropicResponse,

  createStreamParser: createAnthropicStreamParser,

  parseError: parseAnthropicError,
};
