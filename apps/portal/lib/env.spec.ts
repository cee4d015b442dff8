import { EnvValidationError } from '@llmguard/shared';
import { describe, expect, it } from 'vitest';
import { loadPortalEnv } from './env';

describe('loadPortalEnv', () => {
  it('falls back to the local services when nothing is set', () => {
    expect(loadPortalEnv({})).toEqual({
      NODE_ENV: 'development',
      CONTROL_PLANE_URL: 'http://127.0.0.1:8081',
      PUBLIC_GATEWAY_URL: 'http://127.0.0.1:8080',
      PORTAL_METRICS_PORT: 9465,
    });
  });

  it('keeps the URLs it is given', () => {
    const env = loadPortalEnv({
      NODE_ENV: 'production',
      CONTROL_PLANE_URL: 'https://api.llmguard.example',
      PUBLIC_GATEWAY_URL: 'https://gateway.llmguard.example',
    });
    expect(env.CONTROL_PLANE_URL).toBe('https://api.llmguard.example');
    expect(env.PUBLIC_GATEWAY_URL).toBe('https://gateway.llmguard.example');
  });

  it('treats an empty variable as unset', () => {
    expect(loadPortalEnv({ CONTROL_PLANE_URL: '' }).CONTROL_PLANE_URL).toBe('http://127.0.0.1:8081');
  });

  // A typo in a URL must stop the server at boot with the variable's name, not surface later as
  // every page reporting the API as down.
  it('names every invalid variable', () => {
    let caught: unknown;
    try {
      loadPortalEnv({ CONTROL_PLANE_URL: 'not a url', PUBLIC_GATEWAY_URL: 'also wrong' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvValidationError);
    const variables = (caught as EnvValidationError).issues.map((issue) => issue.variable);
    expect(variables).toEqual(['CONTROL_PLANE_URL', 'PUBLIC_GATEWAY_URL']);
    expect((caught as EnvValidationError).message).toContain('portal');
  });
});
