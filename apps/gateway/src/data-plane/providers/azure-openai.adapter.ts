import { buildOpenAIChatBody } from './openai.request-body';
import { parseOpenAIError, parseOpenAIResponse } from './openai.response';
import { createOpenAIStreamParser } from './openai.stream-parser';
import type { ProviderAdapter } from './provider-adapter';
import { upstreamUrl } from '../../clients/upstream-url';

/** The latest GA data-plane inference version; a deployment's `apiVersion` overrides it. */
export const DEFAULT_AZURE_OPENAI_API_VERSION = '2024-10-21';

/**
 * Azure OpenAI: the OpenAI chat-completions body without `model` (the deployment in the URL picks
 * it), an `api-key` header, and answers in OpenAI's shape plus content-filter fields, which are
 * ignored. `baseUrl` is the resource endpoint, e.g. `https://my-resource.openai.azure.com`.
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference#chat-completions
 */
export const azureOpenAIAdapter: ProviderAdapter = {
  provider: 'azure_openai',

  buildRequest(request, deployment) {
    const apiVersion = encodeURIComponent(deployment.apiVersion ?? DEFAULT_AZURE_OPENAI_API_VERSION);
    const url = upstreamUrl(
      `${deployment.baseUrl}/openai/deployments/${encodeURIComponent(deployment.upstreamModel)}/chat/completions?api-version=${apiVersion}`,
    );
    const body = buildOpenAIChatBody(request, { model: undefined, maxTokensField: 'max_tokens' });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: request.stream ? 'text/event-stream' : 'application/json',
    };
    if (deployment.credential) headers['api-key'] = deployment.credential;
    return { url, headers, body: JSON.stringify(body) };
  },

  parseResponse: parseOpenAIResponse,

  createStreamParser: createOpenAIStreamParser,

  parseError(status, headers, bodyText) {
    return parseOpenAIError('azure_openai', status, headers, bodyText);
  },
};
