import { ssoLoginErrorSchema } from '@llmguard/shared';
import { describe, expect, it } from 'vitest';
import { ssoErrorMessage } from './sso-errors';

describe('ssoErrorMessage', () => {
  it('has a sentence for every code the control plane sends', () => {
    for (const code of ssoLoginErrorSchema.options) {
      expect(ssoErrorMessage(code)).toMatch(/\.$/);
    }
    expect(ssoErrorMessage('domain_not_allowed')).toContain('Ask an owner to invite you');
  });

  it('still explains an unknown code, and says nothing without one', () => {
    expect(ssoErrorMessage('brand_new_code')).toBe('Single sign-on did not complete. Please try again.');
    expect(ssoErrorMessage('toString')).toBe('Single sign-on did not complete. Please try again.');
    expect(ssoErrorMessage(undefined)).toBeUndefined();
    expect(ssoErrorMessage('')).toBeUndefined();
  });
});
