import { describe, expect, it } from 'vitest';
import { billingWorkerEnvSchema, gatewayEnvSchema } from './env.schema';
import { EnvValidationError, parseEnv } from './parse-env';

describe('parseEnv', () => {
  it('needs nothing on a developer machine: every default points at the local services', () => {
    const env = parseEnv('gateway', gatewayEnvSchema, {});
    expect(env.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/llmguard');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
    expect(env.DATA_PLANE_PORT).toBe(8080);
    expect(env.CONTROL_PLANE_PORT).toBe(8081);
  });

  it('names every bad variable in one message, not just the first', () => {
    const attempt = () =>
      parseEnv('gateway', gatewayEnvSchema, {
        DATABASE_URL: 'mysql://localhost/x',
        REDIS_URL: 'not a url',
        DATA_PLANE_PORT: '99999',
      });
    expect(attempt).toThrow(EnvValidationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as EnvValidationError).message;
      expect(message).toMatch(/^gateway: invalid configuration \(3 problems\)/);
      expect(message).toContain('DATABASE_URL: must be a PostgreSQL URL');
      expect(message).toContain('REDIS_URL: must be a Redis URL');
      expect(message).toContain('DATA_PLANE_PORT:');
    }
  });

  it('treats an empty variable as unset, so FOO= falls back to the default', () => {
    expect(parseEnv('worker', billingWorkerEnvSchema, { DATABASE_URL: '' }).DATABASE_URL).toContain(
      '/llmguard',
    );
  });

  it('refuses the development secrets in production', () => {
    expect(() => parseEnv('gateway', gatewayEnvSchema, { NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET: must be set in production[\s\S]*CREDENTIAL_ENCRYPTION_KEY: must be set in production/,
    );
  });
});
