import { describe, expect, it } from 'vitest';
import type { UsageEvent } from '../usage';
import { priceInForce, resolveUsageCost, type VersionedModelPrice } from './price-in-force';

const perMillion = (input: number, output: number, cachedInput = input) => ({
  inputMicrosPerMillion: input,
  outputMicrosPerMillion: output,
  cachedInputMicrosPerMillion: cachedInput,
});

function price(
  overrides: Partial<VersionedModelPrice> & Pick<VersionedModelPrice, 'id'>,
): VersionedModelPrice {
  return {
    tenantId: null,
    model: 'gpt-x',
    effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    prices: perMillion(1_000_000, 2_000_000),
    ...overrides,
  };
}

function event(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    v: 2,
    requestId: 'req_1',
    tenantId: 'tnt_a',
    apiKeyId: 'key_a',
    endUser: null,
    model: 'gpt-x',
    deploymentId: null,
    routeId: null,
    variant: null,
    provider: null,
    inputTokens: 1_000,
    outputTokens: 500,
    cachedInputTokens: 0,
    tokenSource: 'upstream',
    costMicros: 0,
    latencyMs: 10,
    ttftMs: null,
    status: 200,
    outcome: 'success',
    cacheHit: 'none',
    stream: false,
    occurredAt: '2026-03-15T12:00:00.000Z',
    ...overrides,
  };
}

describe('priceInForce', () => {
  const rows = [
    price({ id: 'prc_jan', effectiveFrom: new Date('2026-01-01T00:00:00Z') }),
    price({ id: 'prc_mar', effectiveFrom: new Date('2026-03-01T00:00:00Z') }),
    price({ id: 'prc_apr', effectiveFrom: new Date('2026-04-01T00:00:00Z') }),
    price({ id: 'prc_other_model', model: 'other', effectiveFrom: new Date('2026-03-10T00:00:00Z') }),
    price({ id: 'prc_tenant_b', tenantId: 'tnt_b', effectiveFrom: new Date('2026-03-10T00:00:00Z') }),
  ];

  it('picks the latest version that had started at the given time, never a future one', () => {
    const at = new Date('2026-03-15T00:00:00Z');
    expect(priceInForce(rows, { tenantId: null, model: 'gpt-x', at })?.id).toBe('prc_mar');
  });

  it('counts a version as in force from its exact effective_from', () => {
    const at = new Date('2026-04-01T00:00:00Z');
    expect(priceInForce(rows, { tenantId: null, model: 'gpt-x', at })?.id).toBe('prc_apr');
  });

  it('finds nothing before the first version, for another model, or for a tenant without overrides', () => {
    expect(priceInForce(rows, { tenantId: null, model: 'gpt-x', at: new Date('2025-12-31T23:59:59Z') })).toBe(
      undefined,
    );
    expect(priceInForce(rows, { tenantId: null, model: 'missing', at: new Date('2026-05-01') })).toBe(
      undefined,
    );
    expect(priceInForce(rows, { tenantId: 'tnt_a', model: 'gpt-x', at: new Date('2026-05-01') })).toBe(
      undefined,
    );
  });
});

describe('resolveUsageCost', () => {
  const platform = price({ id: 'prc_platform', prices: perMillion(1_000_000, 2_000_000) });
  const tenant = price({ id: 'prc_tenant', tenantId: 'tnt_a', prices: perMillion(500_000, 1_000_000) });

  it('prices an event without a deployment at the platform price in force', () => {
    // 1,000 input at $1/M + 500 output at $2/M = 1,000 + 1,000 micros.
    expect(resolveUsageCost(event(), [platform])).toEqual({
      costMicros: 2_000,
      cacheSavedCostMicros: 0,
      priceSource: 'platform_price',
      modelPriceId: 'prc_platform',
    });
  });

  it("keeps the deployment's cost over the platform price", () => {
    const priced = event({ deploymentId: 'dep_1', costMicros: 1_234 });
    expect(resolveUsageCost(priced, [platform])).toEqual({
      costMicros: 1_234,
      cacheSavedCostMicros: 0,
      priceSource: 'deployment',
      modelPriceId: null,
    });
  });

  it("lets a tenant's negotiated price win over both the deployment's and the platform's", () => {
    const priced = event({ deploymentId: 'dep_1', costMicros: 1_234 });
    expect(resolveUsageCost(priced, [platform, tenant])).toEqual({
      costMicros: 1_000,
      cacheSavedCostMicros: 0,
      priceSource: 'tenant_price',
      modelPriceId: 'prc_tenant',
    });
  });

  it('ignores a tenant price that starts after the event', () => {
    const later = price({ ...tenant, effectiveFrom: new Date('2026-03-15T12:00:00.001Z') });
    expect(resolveUsageCost(event(), [platform, later]).priceSource).toBe('platform_price');
  });

  it('treats a deployment whose prices are all zero as unpriced', () => {
    const unpriced = event({ deploymentId: 'dep_local', costMicros: 0 });
    expect(resolveUsageCost(unpriced, [platform]).priceSource).toBe('platform_price');
  });

  it('keeps a zero cost for a deployment call that produced no tokens', () => {
    const refused = event({ deploymentId: 'dep_1', costMicros: 0, inputTokens: 0, outputTokens: 0 });
    expect(resolveUsageCost(refused, [platform])).toEqual({
      costMicros: 0,
      cacheSavedCostMicros: 0,
      priceSource: 'deployment',
      modelPriceId: null,
    });
  });

  it("falls back to the event's own cost when no price applies", () => {
    expect(resolveUsageCost(event({ costMicros: 0 }), [])).toEqual({
      costMicros: 0,
      cacheSavedCostMicros: 0,
      priceSource: 'none',
      modelPriceId: null,
    });
  });

  it('bills cached input at the cached price of the chosen row, in whole micros rounded up', () => {
    const cached = price({ ...tenant, prices: perMillion(3, 5, 1) });
    const tokens = event({ inputTokens: 1_000_001, cachedInputTokens: 1_000_000, outputTokens: 0 });
    // 1 uncached token at 3/M + 1M cached at 1/M = 1.000003 micros, rounded up to 2.
    expect(resolveUsageCost(tokens, [cached]).costMicros).toBe(2);
  });

  describe('answers served from the gateway cache', () => {
    // A cached answer of 1,000 input + 500 output tokens, no upstream tokens, billed at 25 %.
    const hit = (overrides: Partial<UsageEvent> = {}) =>
      event({
        inputTokens: 0,
        outputTokens: 0,
        cacheHit: 'exact',
        cacheHitInputTokens: 1_000,
        cacheHitOutputTokens: 500,
        cachePricePercent: 25,
        costMicros: 500,
        cacheSavedCostMicros: 1_500,
        ...overrides,
      });

    it("keeps the gateway's price of the answer (its deployment's prices) over the platform price", () => {
      expect(resolveUsageCost(hit(), [platform])).toEqual({
        costMicros: 500,
        cacheSavedCostMicros: 1_500,
        priceSource: 'deployment',
        modelPriceId: null,
      });
    });

    it("bills a tenant's negotiated price at the policy's percent, the rest saved", () => {
      // Full: 1,000 at $0.5/M + 500 at $1/M = 1,000 micros; 25 % billed.
      expect(resolveUsageCost(hit(), [platform, tenant])).toEqual({
        costMicros: 250,
        cacheSavedCostMicros: 750,
        priceSource: 'tenant_price',
        modelPriceId: 'prc_tenant',
      });
    });

    it('prices a free hit the gateway could not price at the platform price, all of it saved', () => {
      const free = hit({ costMicros: 0, cacheSavedCostMicros: 0, cachePricePercent: 0 });
      expect(resolveUsageCost(free, [platform])).toEqual({
        costMicros: 0,
        cacheSavedCostMicros: 2_000,
        priceSource: 'platform_price',
        modelPriceId: 'prc_platform',
      });
    });
  });
});
