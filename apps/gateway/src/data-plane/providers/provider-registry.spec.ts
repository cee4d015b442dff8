import { describe, expect, it } from 'vitest';
import { PROVIDER_ADAPTERS, isProviderId, providerAdapterFor } from './provider-registry';

describe('provider registry', () => {
  it('has one adapter per provider id, each naming itself', () => {
    for (const [provider, adapter] of Object.entries(PROVIDER_ADAPTERS))
      expect(adapter.provider).toBe(provider);
    expect(Object.keys(PROVIDER_ADAPTERS).sort()).toEqual(['anthropic', 'azure_openai', 'gemini', 'openai']);
    expect(providerAdapterFor('gemini')).toBe(PROVIDER_ADAPTERS.gemini);
  });

  it('recognises stored provider names', () => {
    expect(isProviderId('azure_openai')).toBe(true);
    expect(isProviderId('azure-openai')).toBe(false);
    expect(isProviderId('toString')).toBe(false);
  });
});
