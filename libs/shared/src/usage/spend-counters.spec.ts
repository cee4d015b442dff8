import { describe, expect, it } from 'vitest';
import { SPEND_COUNTER_GRACE_SECONDS, spendCounterExpiresAt, spendCounterKey } from './spend-counters';
import { slaAvailabilityBasisPoints, slaDailyCreditMicros } from './sla-definitions';

describe('spend counter keys', () => {
  // The gateway reads these exact keys to block at 100%: the format is a contract between two apps.
  it('names tenant and per-key counters by UTC month and day', () => {
    expect(spendCounterKey('tnt_a', 'm', '2026-11')).toBe('spend:{tnt_a}:m:2026-11');
    expect(spendCounterKey('tnt_a', 'd', '2026-11-25')).toBe('spend:{tnt_a}:d:2026-11-25');
    expect(spendCounterKey('tnt_a', 'm', '2026-11', 'key_b')).toBe('spend:{tnt_a}:k:key_b:m:2026-11');
  });

  it('expires a counter a grace period after its period ends', () => {
    const december = Date.UTC(2026, 11, 1) / 1000;
    expect(spendCounterExpiresAt('m', new Date('2026-11-01T00:00:00Z'))).toBe(
      december + SPEND_COUNTER_GRACE_SECONDS,
    );
    expect(spendCounterExpiresAt('d', new Date('2026-11-30T00:00:00Z'))).toBe(
      december + SPEND_COUNTER_GRACE_SECONDS,
    );
  });
});

describe('SLA definitions', () => {
  it('rounds availability down and credits only a breached day', () => {
    expect(slaAvailabilityBasisPoints(0, 0)).toBe(10_000);
    expect(slaAvailabilityBasisPoints(1000, 1)).toBe(9990);
    expect(slaAvailabilityBasisPoints(17, 1)).toBe(9411);
    expect(slaDailyCreditMicros(true, 12_345n, 10)).toBe(1234n);
    expect(slaDailyCreditMicros(false, 12_345n, 10)).toBe(0n);
  });
});
