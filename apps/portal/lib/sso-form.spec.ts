import { describe, expect, it } from 'vitest';
import { readValues } from './forms';
import { splitDomains, SSO_FORM_FIELDS, ssoBodyFromForm, ssoCallbackUrl, ssoFormDefaults } from './sso-form';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const valid = {
  issuer: 'https://idp.example.com',
  clientId: ' portal ',
  clientSecret: 's3cret',
  allowedEmailDomains: 'Example.com, corp.example.com\nexample.com',
  defaultRole: 'developer',
  enabled: 'on',
};

describe('ssoBodyFromForm', () => {
  it('builds the PUT body from the fields', () => {
    const parsed = ssoBodyFromForm(form(valid));
    expect(parsed).toEqual({
      ok: true,
      body: {
        issuer: 'https://idp.example.com',
        clientId: 'portal',
        clientSecret: 's3cret',
        allowedEmailDomains: ['Example.com', 'corp.example.com', 'example.com'],
        defaultRole: 'developer',
        enabled: true,
        requireSso: false,
      },
    });
  });

  it('leaves an empty secret out, so the stored one is kept', () => {
    const parsed = ssoBodyFromForm(form({ ...valid, clientSecret: '' }));
    expect(parsed.ok && 'clientSecret' in parsed.body).toBe(false);
  });

  it('names each bad field with the contract rules', () => {
    const parsed = ssoBodyFromForm(
      form({ issuer: 'ftp://idp', clientId: '', allowedEmailDomains: 'not a domain!', defaultRole: 'owner' }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fieldErrors).sort()).toEqual([
      'allowedEmailDomains',
      'clientId',
      'defaultRole',
      'issuer',
    ]);
    expect(parsed.fieldErrors.issuer).toBe('This must be an http(s) URL such as https://idp.example.com.');
  });

  it('refuses requiring SSO on a disabled connection', () => {
    const parsed = ssoBodyFromForm(form({ ...valid, enabled: '', requireSso: 'on' }));
    expect(parsed.ok ? undefined : parsed.fieldErrors.requireSso).toBe(
      'This can only be true while the connection is enabled.',
    );
  });
});

describe('SSO helpers', () => {
  it('splits domains on commas, spaces and lines', () => {
    expect(splitDomains(' a.com,b.com\n\nc.com ; d.com ')).toEqual(['a.com', 'b.com', 'c.com', 'd.com']);
  });

  it('defaults a new connection to enabled viewers', () => {
    expect(ssoFormDefaults(null)).toMatchObject({ enabled: true, requireSso: false, defaultRole: 'viewer' });
  });

  it('joins the control plane origin and the callback path', () => {
    expect(ssoCallbackUrl('http://127.0.0.1:8081/', '/api/auth/sso/acme/callback')).toBe(
      'http://127.0.0.1:8081/api/auth/sso/acme/callback',
    );
  });
});

describe('SSO_FORM_FIELDS', () => {
  // The refused form comes back with what was typed, but a secret never travels back to the browser.
  it('puts back every field but the client secret', () => {
    const data = new FormData();
    data.append('issuer', 'https://idp.example.com');
    data.append('clientSecret', 'the-secret');
    data.append('enabled', 'on');
    const values = readValues(data, SSO_FORM_FIELDS);
    expect(values.issuer).toEqual(['https://idp.example.com']);
    expect(values.enabled).toEqual(['on']);
    expect(values).not.toHaveProperty('clientSecret');
    expect(JSON.stringify(values)).not.toContain('the-secret');
  });
});
