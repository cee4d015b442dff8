import { describe, expect, it } from 'vitest';
import { auditExportQuery, auditPageSearch, hasAuditFilters, parseAuditFilters } from './audit-filters';

describe('parseAuditFilters', () => {
  it('turns URL filters into the API query, with whole UTC days and an exclusive end', () => {
    const parsed = parseAuditFilters({
      q: ' alice ',
      actorType: 'user',
      actor: 'usr_1',
      action: 'api_key.*',
      targetType: 'api_key',
      from: '2026-11-01',
      to: '2026-11-25',
    });
    expect(parsed.errors).toEqual({});
    expect(parsed.values.q).toBe('alice');
    expect(parsed.query).toEqual({
      search: 'alice',
      actorType: 'user',
      actorId: 'usr_1',
      action: 'api_key.*',
      targetType: 'api_key',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-26T00:00:00.000Z',
    });
  });

  it('reports and ignores bad values instead of sending them', () => {
    const parsed = parseAuditFilters({ actorType: 'robot', from: '2026-02-30', to: 'yesterday' });
    expect(Object.keys(parsed.errors).sort()).toEqual(['actorType', 'from', 'to']);
    expect(parsed.query).toEqual({
      search: undefined,
      actorId: undefined,
      action: undefined,
      targetType: undefined,
    });
  });

  it('refuses a start after the end, and takes the first of repeated parameters', () => {
    const parsed = parseAuditFilters({ from: '2026-11-25', to: '2026-11-24', action: ['a.b', 'c.d'] });
    expect(parsed.errors.from).toMatch(/on or before/);
    expect(parsed.query.from).toBeUndefined();
    expect(parsed.query.action).toBe('a.b');
  });

  it('accepts a single day as both bounds', () => {
    const { query } = parseAuditFilters({ from: '2026-11-25', to: '2026-11-25' });
    expect([query.from, query.to]).toEqual(['2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z']);
  });
});

describe('audit URLs', () => {
  const { values, query } = parseAuditFilters({ action: 'api_key.created', q: 'a b' });

  it('keeps the filters in links and drops emptied parameters', () => {
    expect(auditPageSearch(values)).toBe('?q=a+b&action=api_key.created');
    expect(auditPageSearch(values, { cursor: '12', q: '' })).toBe('?action=api_key.created&cursor=12');
    expect(auditPageSearch(parseAuditFilters({}).values)).toBe('');
  });

  it('knows whether anything is filtered', () => {
    expect(hasAuditFilters(values)).toBe(true);
    expect(hasAuditFilters(parseAuditFilters({}).values)).toBe(false);
  });

  it('builds the export query from the same filters', () => {
    expect(auditExportQuery(query, 'jsonl')).toEqual({
      format: 'jsonl',
      search: 'a b',
      action: 'api_key.created',
    });
  });
});
