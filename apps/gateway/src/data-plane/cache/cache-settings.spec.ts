import { describe, expect, it } from 'vitest';
import { cacheControl, resolveCacheSettings } from './cache-settings';

const request = (headers: Record<string, string> = {}) => ({ headers });

describe('resolveCacheSettings', () => {
  it('uses no cache without a policy section or a header', () => {
    expect(resolveCacheSettings(undefined, request())).toBeNull();
    expect(resolveCacheSettings({ exact: { enabled: false } }, request())).toBeNull();
  });

  it('turns on what the policy enables, with its TTLs and the defaults', () => {
    const settings = resolveCacheSettings(
      { exact: { enabled: true, ttlSeconds: 60 }, semantic: { enabled: true } },
      request(),
    );
    expect(settings).toMatchObject({
      exact: { lookup: true, store: true, ttlSeconds: 60 },
      semantic: {
        lookup: true,
        store: true,
        ttlSeconds: 3_600,
        similarityThreshold: 0.85,
        verifyMatch: true,
      },
      embeddings: null,
      pricePercent: 0,
      maxTemperature: 1,
      allowTools: false,
    });
  });

  it('lets x-llmguard-cache: on opt one request into the exact and embedding caches, unless the policy forbids it', () => {
    const optedIn = resolveCacheSettings(undefined, request({ 'x-llmguard-cache': 'on' }));
    expect(optedIn?.exact).toEqual({ lookup: true, store: true, ttlSeconds: 3_600 });
    expect(optedIn?.embeddings?.ttlSeconds).toBe(604_800);
    expect(optedIn?.semantic).toBeNull();
    expect(resolveCacheSettings({ requestOptIn: false }, request({ 'x-llmguard-cache': 'on' }))).toBeNull();
  });

  it('turns every cache off with x-llmguard-cache: off', () => {
    expect(
      resolveCacheSettings({ exact: { enabled: true } }, request({ 'x-llmguard-cache': 'OFF' })),
    ).toBeNull();
  });

  it('reads no-cache as "do not answer from the cache" and no-store as "do not store", as RFC 9111 does', () => {
    const policy = { exact: { enabled: true } };
    expect(resolveCacheSettings(policy, request({ 'cache-control': 'no-cache' }))?.exact).toMatchObject({
      lookup: false,
      store: true,
    });
    expect(resolveCacheSettings(policy, request({ 'cache-control': 'no-store' }))?.exact).toMatchObject({
      lookup: true,
      store: false,
    });
  });
});

describe('cacheControl', () => {
  it('reads the directives that concern a cache of answers, in any case and order', () => {
    expect(cacheControl('Max-Age=30, NO-STORE')).toEqual({
      noCache: false,
      noStore: true,
      maxAgeSeconds: 30,
    });
    expect(cacheControl('max-age=soon, private')).toEqual({
      noCache: false,
      noStore: false,
      maxAgeSeconds: undefined,
    });
    expect(cacheControl(undefined)).toEqual({ noCache: false, noStore: false, maxAgeSeconds: undefined });
  });
});
