import { describe, expect, it } from 'vitest';
import {
  formatBucket,
  formatCompact,
  formatErrorRate,
  formatInteger,
  formatLatency,
  formatUsd,
  microsToUsdNumber,
} from './usage-format';

describe('formatUsd', () => {
  it.each([
    ['0', '$0.00'],
    ['42', '<$0.0001'],
    ['4200', '$0.0042'],
    ['10000', '$0.01'],
    ['12345678', '$12.35'],
    ['1234567890000', '$1,234,567.89'],
    // Beyond 2^53 micros: every digit kept.
    ['9007199254740993', '$9,007,199,254.74'],
  ])('%s micros → %s', (micros, label) => {
    expect(formatUsd(micros)).toBe(label);
  });
});

describe('formatCompact', () => {
  it.each([
    ['0', '0'],
    ['950', '950'],
    ['1000', '1K'],
    ['1250', '1.2K'],
    ['999999', '999K'],
    ['3400000', '3.4M'],
    ['123456789012', '123B'],
    ['9007199254740993', '9007T'],
  ])('%s → %s', (value, label) => {
    expect(formatCompact(value)).toBe(label);
  });
});

describe('formatInteger', () => {
  it('groups digits of numbers beyond 2^53 exactly', () => {
    expect(formatInteger('9007199254740993')).toBe('9,007,199,254,740,993');
    expect(formatInteger(1234)).toBe('1,234');
  });
});

describe('formatErrorRate', () => {
  it.each([
    [0, 0, '—'],
    [0, 10, '0%'],
    [1, 8, '13%'],
    [1, 40, '2.5%'],
    [1, 10_000, '<0.1%'],
  ])('%i of %i → %s', (errors, requests, label) => {
    expect(formatErrorRate(errors, requests)).toBe(label);
  });
});

describe('formatLatency', () => {
  it('shows ms below a second, seconds above, and a dash when unknown', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(850)).toBe('850 ms');
    expect(formatLatency(1250)).toBe('1.25 s');
  });
});

describe('buckets and charts', () => {
  it('labels hour and day buckets in UTC', () => {
    expect(formatBucket('2026-03-05T14:00:00.000Z', 'hour')).toBe('Mar 5, 14:00');
    expect(formatBucket('2026-03-05T00:00:00.000Z', 'day')).toBe('Mar 5');
  });

  it('turns micros into dollars for chart heights', () => {
    expect(microsToUsdNumber('1500000')).toBe(1.5);
  });
});
