import { describe, expect, it } from 'vitest';
import { controlPlaneTrustedProxies } from './trusted-proxies';

describe('controlPlaneTrustedProxies', () => {
  it('trusts the listed proxies whatever the environment', () => {
    expect(controlPlaneTrustedProxies({ TRUSTED_PROXIES: '10.0.0.0/8', NODE_ENV: 'production' })).toBe(
      '10.0.0.0/8',
    );
    expect(controlPlaneTrustedProxies({ TRUSTED_PROXIES: '10.0.0.0/8', NODE_ENV: 'development' })).toBe(
      '10.0.0.0/8',
    );
  });

  it('trusts the loopback portal by default in development and tests, and nobody by default in production', () => {
    expect(controlPlaneTrustedProxies({ TRUSTED_PROXIES: undefined, NODE_ENV: 'development' })).toBe(
      'loopback',
    );
    expect(controlPlaneTrustedProxies({ TRUSTED_PROXIES: undefined, NODE_ENV: 'test' })).toBe('loopback');
    expect(
      controlPlaneTrustedProxies({ TRUSTED_PROXIES: undefined, NODE_ENV: 'production' }),
    ).toBeUndefined();
  });
});
