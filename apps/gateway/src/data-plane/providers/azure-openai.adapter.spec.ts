import { describe, expect, it } from 'vitest';
import type { CanonicalChatRequest } from '@llmguard/shared';
import { assembleStream, fixtureSseEvents, runStreamParser } from './__fixtures__/load-fixture';
import { DEFAULT_AZURE_OPENAI_API_VERSION, azureOpenAIAdapter } from './azure-openai.adapter';

const deployment = {
  baseUrl: 'https://contoso.openai.azure.com',
  upstreamModel: 'gpt-4o-prod',
  credential: 'azure-key',
};

const request: CanonicalChatRequest = {
  model: 'alias',
  stream: true,
  maxOutputTokens: 64,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
};

describe('azureOpenAIAdapter.buildRequest', () => {
  it('targets the deployment URL with the default api-version and an api-key header', () => {
    const upstream = azureOpenAIAdapter.buildRequest(request, deployment);
    expect(upstream.url.href).toBe(
      `https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=${DEFAULT_AZURE_OPENAI_API_VERSION}`,
    );
    expect(DEFAULT_AZURE_OPENAI_API_VERSION).toBe('2024-10-21');
    expect(upstream.headers['api-key']).toBe('azure-key');
    expect(upstream.headers.authorization).toBeUndefined();
  });

  it("uses the deployment's api-version when it has one", () => {
    const upstream = azureOpenAIAdapter.buildRequest(request, {
      ...deployment,
      apiVersion: '2025-04-01-preview',
    });
    expect(upstream.url.searchParams.get('api-version')).toBe('2025-04-01-preview');
  });

  it('sends the OpenAI body without `model`, asking for stream usage', () => {
    const body = JSON.parse(azureOpenAIAdapter.buildRequest(request, deployment).body);
    expect(body).toEqual({
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});

describe('azureOpenAIAdapter stream parser', () => {
  it('skips the prompt_filter_results chunk and reads text, cached usage and finish', () => {
    const events = runStreamParser(
      azureOpenAIAdapter.createStreamParser(),
      fixtureSseEvents('azure-openai-text.chunks.txt'),
    );
    expect(events[0]).toEqual({
      type: 'message-start',
      id: 'chatcmpl-BzJ8eX3zSpO6tVa0Yu4gNm9cJr7h',
      model: 'gpt-4o-2024-11-20',
    });
    const { text, usage, finish } = assembleStream(events);
    expect(text).toBe('Bonjour from Azure!');
    expect(usage).toEqual({ inputTokens: 2048, outputTokens: 5, cachedInputTokens: 1536 });
    expect(finish?.finishReason).toBe('stop');
    expect(events.at(-1)?.type).toBe('finish');
  });
});

describe('azureOpenAIAdapter.parseError', () => {
  it('reads Azure content-filter errors', () => {
    const body = JSON.stringify({
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: { code: 'ResponsibleAIPolicyViolation' },
      },
    });
    expect(azureOpenAIAdapter.parseError(400, {}, body)).toMatchObject({
      provider: 'azure_openai',
      status: 400,
      code: 'content_filter',
      param: 'prompt',
      retryable: false,
    });
  });
});
