import { describe, expect, it } from 'vitest';
import {
  budgetBarPercent,
  canSeeBilling,
  formatBasisPoints,
  formatInvoicePeriod,
  formatMinorUnits,
  formatPeriod,
  humanizeStatus,
  invoiceTone,
  subscriptionTone,
} from './billing-format';

describe('billing format', () => {
  it('formats Stripe minor units in their currency', () => {
    expect(formatMinorUnits(123_456, 'usd')).toBe('$1,234.56');
    expect(formatMinorUnits(0, 'usd')).toBe('$0.00');
    expect(formatMinorUnits(500, 'jpy')).toBe('¥500');
    expect(formatMinorUnits(1999, 'eur')).toBe('€19.99');
    expect(formatMinorUnits(1999, 'x1')).toBe('19.99 X1');
  });

  it('formats basis points and budget periods', () => {
    expect(formatBasisPoints(9990)).toBe('99.90%');
    expect(formatBasisPoints(10_000)).toBe('100.00%');
    expect(formatPeriod('2026-11')).toBe('November 2026');
    expect(formatPeriod('2026-11-05')).toBe('Nov 5, 2026');
    expect(formatPeriod('odd')).toBe('odd');
  });

  it('shows an invoice period up to its last day (Stripe period ends are exclusive)', () => {
    expect(formatInvoicePeriod('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toBe('Nov 1 – Nov 30, 2026');
  });

  it('colours statuses by what they ask of the customer', () => {
    expect(subscriptionTone('active')).toBe('success');
    expect(subscriptionTone('past_due')).toBe('danger');
    expect(subscriptionTone('canceled')).toBe('neutral');
    expect(invoiceTone('paid')).toBe('success');
    expect(invoiceTone('open')).toBe('danger');
    expect(invoiceTone('void')).toBe('neutral');
    expect(humanizeStatus('past_due')).toBe('Past due');
  });

  it('clamps the budget bar and lets only billing roles see billing', () => {
    expect(budgetBarPercent(null)).toBe(0);
    expect(budgetBarPercent(42.5)).toBe(42.5);
    expect(budgetBarPercent(250)).toBe(100);
    expect(canSeeBilling('billing', false)).toBe(true);
    expect(canSeeBilling('developer', false)).toBe(false);
    expect(canSeeBilling('viewer', false)).toBe(false);
    expect(canSeeBilling(null, true)).toBe(true);
  });
});
