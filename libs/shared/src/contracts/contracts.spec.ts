import { describe, expect, it } from 'vitest';
import { apiKeysContract, createApiKeyRequestSchema } from './api-keys.contract';
import { signupRequestSchema } from './auth.contract';
import { endpointPath } from './endpoint';
import { toErrorDetails } from './validation-details';

describe('toErrorDetails', () => {
  it('gives one entry per field at fault, with its location, a message and a fix', () => {
    const result = signupRequestSchema.safeParse(
      { email: 'nope', password: 'short', extra: 1 },
      { reportInput: true },
    );
    expect(result.success).toBe(false);
    const details = result.success ? [] : toErrorDetails(result.error, 'body');
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: 'body.email' }),
        { location: 'body.password', message: expect.any(String), fix: 'Use at least 12 characters.' },
        { location: 'body.name', message: 'This field is required.', fix: 'Provide this field.' },
        expect.objectContaining({ location: 'body.extra', message: 'Unknown field "extra".' }),
      ]),
    );
  });
});

describe('api key contract', () => {
  it('defaults a data-plane key to every data-plane scope and de-duplicates scopes', () => {
    expect(createApiKeyRequestSchema.parse({ name: 'k' })).toMatchObject({
      kind: 'data_plane',
      scopes: ['inference', 'embeddings', 'audio', 'images'],
    });
    expect(createApiKeyRequestSchema.parse({ name: 'k', scopes: ['audio', 'audio'] }).scopes).toEqual([
      'audio',
    ]);
  });

  it('keeps management scopes on management keys only', () => {
    expect(createApiKeyRequestSchema.safeParse({ name: 'k', scopes: ['keys:write'] }).success).toBe(false);
    expect(
      createApiKeyRequestSchema.safeParse({ name: 'k', kind: 'management', scopes: ['keys:write'] }).success,
    ).toBe(true);
  });
});

describe('endpointPath', () => {
  it('fills and encodes path parameters', () => {
    expect(endpointPath(apiKeysContract.revoke.path, { tenantSlug: 'acme', keyId: 'key_1/..' })).toBe(
      '/api/tenants/acme/api-keys/key_1%2F../revoke',
    );
    expect(() => endpointPath(apiKeysContract.revoke.path, { tenantSlug: 'acme' })).toThrow(/keyId/);
  });
});
