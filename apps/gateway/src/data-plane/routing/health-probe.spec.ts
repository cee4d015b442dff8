import { describe, expect, it } from 'vitest';
import type { ProviderId, ResolvedDeployment } from '../catalog/route-catalog';
import { probeRequest } from './health-probe';

function deployment(provider: ProviderId, baseUrl: string): ResolvedDeployment {
  return {
    provider,
    baseUrl,
    credential: 'sk-test',
    upstreamModel: 'models/gemini-2.0-flash',
    apiVersion: null,
  } as ResolvedDeployment;
}

describe('probeRequest', () => {
  it.each([
    ['openai', 'http://vllm:8000/v1', 'http://vllm:8000/v1/models', { authorization: 'Bearer sk-test' }],
    [
      'anthropic',
      'https://api.anthropic.com',
      'https://api.anthropic.com/v1/models',
      { 'x-api-key': 'sk-test' },
    ],
    [
      'azure_openai',
      'https://contoso.openai.azure.com',
      'https://contoso.openai.azure.com/openai/models?api-version=2024-10-21',
      { 'api-key': 'sk-test' },
    ],
    [
      'gemini',
      'https://generativelanguage.googleapis.com',
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash',
      { 'x-goog-api-key': 'sk-test' },
    ],
  ] as const)(
    'asks a %s deployment for its models, with its credential',
    (provider, baseUrl, url, headers) => {
      const probe = probeRequest(deployment(provider, baseUrl));
      expect(probe.url.toString()).toBe(url);
      expect(probe.headers).toMatchObject(headers);
    },
  );
});
