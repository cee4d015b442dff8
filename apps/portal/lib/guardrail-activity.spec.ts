import { describe, expect, it } from 'vitest';
import type { GuardrailRecentAction } from '@llmguard/shared';
import { presetRange, usageRangeFromParams } from './admin-usage-range';
import { parseAuditFilters } from './audit-filters';
import {
  activityChartRows,
  auditLogHrefForRequest,
  describeBlockedBy,
  describeFindings,
  guardrailsHref,
  piiKindLabel,
  totalActions,
} from './guardrail-activity';

const recent = (overrides: Partial<GuardrailRecentAction>): GuardrailRecentAction => ({
  id: 'aud_1',
  occurredAt: '2026-03-02T10:00:00.000Z',
  action: 'flagged',
  requestId: 'req_1',
  apiKeyId: 'key_1',
  apiKeyName: 'bot',
  model: 'demo-chat',
  status: 200,
  blockedBy: null,
  inputPiiKinds: [],
  outputPiiKinds: [],
  injectionFlagged: false,
  termHits: 0,
  categories: [],
  ...overrides,
});

describe('activityChartRows', () => {
  it('gives one row per day at UTC midnight with a column per action', () => {
    expect(
      activityChartRows([
        { day: '2026-03-01', blocked: 1, redacted: 2, masked: 0, flagged: 3 },
        { day: '2026-03-02', blocked: 0, redacted: 0, masked: 0, flagged: 0 },
      ]),
    ).toEqual([
      { bucketStart: '2026-03-01T00:00:00.000Z', blocked: 1, redacted: 2, masked: 0, flagged: 3 },
      { bucketStart: '2026-03-02T00:00:00.000Z', blocked: 0, redacted: 0, masked: 0, flagged: 0 },
    ]);
  });

  it('says which guardrails refused, the most first, leaving out the ones that did not', () => {
    expect(describeBlockedBy({ pii: 1, promptInjection: 2, contentFilter: 0 })).toBe('2 injection, 1 PII');
    expect(describeBlockedBy({ pii: 0, promptInjection: 0, contentFilter: 0 })).toBeUndefined();
  });

  it('sums every action into the total', () => {
    expect(totalActions({ blocked: 1, redacted: 2, masked: 3, flagged: 4 })).toBe(10);
  });
});

describe('describeFindings', () => {
  it('names the blocking guardrail, the kinds on each side, injections, terms and categories', () => {
    expect(
      describeFindings(
        recent({
          blockedBy: 'content_filter',
          inputPiiKinds: ['credit_card', 'email'],
          outputPiiKinds: ['iban'],
          injectionFlagged: true,
          termHits: 2,
          categories: ['self_harm'],
        }),
      ),
    ).toBe(
      'Blocked by content filter · Credit card, Email address · IBAN in output · Prompt injection · 2 blocked terms · self harm',
    );
  });

  it('does not repeat an injection that was the reason for the block', () => {
    expect(describeFindings(recent({ blockedBy: 'prompt_injection', injectionFlagged: true }))).toBe(
      'Blocked by prompt injection',
    );
    expect(describeFindings(recent({ termHits: 1 }))).toBe('1 blocked term');
    expect(describeFindings(recent({}))).toBe('—');
  });

  it('shows a kind the portal does not know by its name', () => {
    expect(piiKindLabel('passport_number')).toBe('passport number');
  });
});

describe('links', () => {
  it('opens the audit log filtered to the request, as its filters read it back', () => {
    const href = auditLogHrefForRequest('acme', 'req_3x9Lk');
    expect(href).toBe('/acme/audit-log?q=req_3x9Lk&targetType=request');
    const params = Object.fromEntries(new URL(href, 'http://portal').searchParams);
    expect(parseAuditFilters(params).query).toMatchObject({ search: 'req_3x9Lk', targetType: 'request' });
  });

  it('keeps a preset or custom range in the page URL, and reads it back', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(guardrailsHref('acme', '30d')).toBe('/acme/guardrails?range=30d');
    const custom = usageRangeFromParams({ from: '2026-03-01', to: '2026-03-03' }, now);
    const href = guardrailsHref('acme', custom);
    expect(href).toBe('/acme/guardrails?from=2026-03-01&to=2026-03-03');
    const params = Object.fromEntries(new URL(href, 'http://portal').searchParams);
    expect(usageRangeFromParams(params, now)).toMatchObject({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-04T00:00:00.000Z',
    });
    expect(guardrailsHref('acme', presetRange('7d', now))).toBe('/acme/guardrails?range=7d');
  });
});
