import { describe, expect, it } from 'vitest';
import { EnvValidationError, gatewayEnvSchema, parseEnv } from '@llmguard/shared';

const production = {
  NODE_ENV: 'production',
  SESSION_SECRET: 's'.repeat(40),
  CREDENTIAL_ENCRYPTION_KEY: 'c'.repeat(40),
};

describe('control-plane settings', () => {
  it('defaults to OWASP argon2id costs, 5 failures per email per 15 minutes, and Secure cookies left unset', () => {
    const env = parseEnv('gateway', gatewayEnvSchema, {});
    expect(env).toMatchObject({
      PASSWORD_HASH_MEMORY_KIB: 19_456,
      PASSWORD_HASH_TIME_COST: 2,
      LOGIN_MAX_FAILURES_PER_EMAIL: 5,
      LOGIN_FAILURE_WINDOW_SECONDS: 900,
    });
    expect(env.SESSION_COOKIE_SECURE).toBeUndefined();
    expect(
      parseEnv('gateway', gatewayEnvSchema, { SESSION_COOKIE_SECURE: 'false' }).SESSION_COOKIE_SECURE,
    ).toBe(false);
  });

  it('refuses the cheap test-only password hashing in production', () => {
    expect(() =>
      parseEnv('gateway', gatewayEnvSchema, {
        ...production,
        PASSWORD_HASH_MEMORY_KIB: '1024',
        PASSWORD_HASH_TIME_COST: '1',
      }),
    ).toThrow(EnvValidationError);
    expect(() => parseEnv('gateway', gatewayEnvSchema, production)).not.toThrow();
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(() => parseEnv('gateway', gatewayEnvSchema, { SMTP_URL: 'http://mail.example.com' })).toThrow(
      /SMTP_URL/,
    );
  });
});
