import { anthropicAdapter } from './anthropic.adapter';
import { azureOpenAIAdapter } from './azure-openai.adapter';
import { geminiAdapter } from './gemini.adapter';
import { openAIAdapter } from './openai.adapter';
import type { ProviderAdapter, ProviderId } from './provider-adapter';

/** The adapter of every provider a deployment can name. */
export const PROVIDER_ADAPTERS: Readonly<Record<ProviderId, ProviderAdapter>> = {
  openai: openAIAdapter,
  anthropic: anthropicAdapter,
  azure_openai: azureOpenAIAdapter,
  gemini: geminiAdapter,
};

/** Whether a stored deployment's `provider` column names a provider we have an adapter for. */
export function isProviderId(value: string): value is ProviderId {
  return Object.hasOwn(PROVIDER_ADAPTERS, value);
}

/** The adapter for a provider. */
export function providerAdapterFor(provider: ProviderId): ProviderAdapter {
  return PROVIDER_ADAPTERS[provider];
}
