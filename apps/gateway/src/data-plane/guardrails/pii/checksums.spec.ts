import { describe, expect, it } from 'vitest';
import { passesIbanMod97, passesLuhn } from './checksums';

describe('passesLuhn', () => {
  it('accepts numbers whose check digit is right, and refuses a changed digit', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('')).toBe(false);
    expect(passesLuhn('41111x1111111111')).toBe(false);
  });
});

describe('passesIbanMod97', () => {
  it('accepts the registry examples and refuses one changed character', () => {
    expect(passesIbanMod97('DE89370400440532013000')).toBe(true);
    expect(passesIbanMod97('GB82WEST12345698765432')).toBe(true);
    expect(passesIbanMod97('DE89370400440532013001')).toBe(false);
    expect(passesIbanMod97('GB82WEST1234569876543a')).toBe(false);
  });
});
