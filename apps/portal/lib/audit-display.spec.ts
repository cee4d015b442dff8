import { describe, expect, it } from 'vitest';
import {
  describeActor,
  describeChain,
  formatDateTimeUtc,
  formatRelativeTime,
  prettyJson,
} from './audit-display';

describe('describeActor', () => {
  it('shows a user by email, with the platform admin badge when they are one', () => {
    expect(
      describeActor({
        actorType: 'user',
        actorId: 'usr_1',
        actor: { name: 'Ada', email: 'ada@example.com', isPlatformAdmin: true },
      }),
    ).toEqual({ label: 'ada@example.com', detail: 'Ada', badge: 'Platform admin' });
  });

  it('shows a key by name, the system as such, and the bare id of an actor that is gone', () => {
    expect(
      describeActor({
        actorType: 'api_key',
        actorId: 'key_1',
        actor: { name: 'ci-bot', email: null, isPlatformAdmin: false },
      }),
    ).toEqual({ label: 'ci-bot', detail: 'key_1', badge: 'API key' });
    expect(describeActor({ actorType: 'system', actorId: null, actor: null }).label).toBe('System');
    expect(describeActor({ actorType: 'user', actorId: 'usr_gone', actor: null })).toEqual({
      label: 'usr_gone',
      detail: 'Deleted user',
      badge: null,
    });
  });
});

describe('times', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('reads relative times compactly, then falls back to the date', () => {
    expect(formatRelativeTime('2026-11-25T12:00:03Z', now)).toBe('just now');
    expect(formatRelativeTime('2026-11-25T11:59:30Z', now)).toBe('30s ago');
    expect(formatRelativeTime('2026-11-25T11:55:00Z', now)).toBe('5m ago');
    expect(formatRelativeTime('2026-11-25T09:00:00Z', now)).toBe('3h ago');
    expect(formatRelativeTime('2026-11-23T12:00:00Z', now)).toBe('2d ago');
    expect(formatRelativeTime('2026-01-02T12:00:00Z', now)).toBe('Jan 2, 2026');
  });

  it('gives the absolute time in UTC with seconds', () => {
    expect(formatDateTimeUtc('2026-11-25T14:05:09.123Z')).toBe('Nov 25, 2026, 14:05:09 UTC');
  });
});

describe('describeChain', () => {
  it('says how far a valid chain was verified', () => {
    expect(describeChain({ valid: true, checked: 42 })).toMatchObject({
      tone: 'success',
      title: 'Verified up to entry #42',
    });
    expect(describeChain({ valid: true, checked: 0 }).detail).toMatch(/no entries/);
  });

  it('names the first broken entry and why', () => {
    const status = describeChain({
      valid: false,
      checked: 3,
      firstBrokenAt: { id: 'aud_1', sequence: 3, reason: 'hash_mismatch' },
    });
    expect(status).toMatchObject({ tone: 'danger', title: 'Chain broken at entry #3' });
    expect(status.detail).toBe(
      'Entries #1–#2 are intact; entry #3 fails because its content does not match its hash (the row was edited).',
    );
  });
});

describe('prettyJson', () => {
  it('indents objects and shows nothing for null', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson(null)).toBeNull();
  });
});
