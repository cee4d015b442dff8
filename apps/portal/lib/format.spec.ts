import { describe, expect, it } from 'vitest';
import { formatDate, formatLastUsed } from './format';

describe('formatLastUsed', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it.each([
    [null, 'Never'],
    ['2026-03-10T11:59:30Z', 'Just now'],
    ['2026-03-10T11:59:00Z', '1 minute ago'],
    ['2026-03-10T09:00:00Z', '3 hours ago'],
    ['2026-03-08T12:00:00Z', '2 days ago'],
    ['2026-01-01T00:00:00Z', 'Jan 1, 2026'],
  ])('%s → %s', (iso, label) => {
    expect(formatLastUsed(iso, now)).toBe(label);
  });
});

describe('formatDate', () => {
  // UTC on purpose: the server's HTML and the browser's hydration must agree.
  it('formats in UTC', () => {
    expect(formatDate('2026-03-10T23:30:00-05:00')).toBe('Mar 11, 2026');
  });
});
