import { describe, expect, it } from 'vitest';
import type { Deployment } from '@llmguard/db';
import { buildVariantsReport } from './route-variants.report';
import type { VariantUsage } from './route-variants.repository';

function deployment(name: string, fields: Partial<Deployment> = {}): Deployment {
  return { id: `dep_${name}`, name, weight: 1, priority: 0, enabled: true, ...fields } as Deployment;
}

function usage(deploymentId: string, requests: number, fields: Partial<VariantUsage> = {}): VariantUsage {
  return {
    deploymentId,
    recordedNames: [deploymentId.replace('dep_', '')],
    requests,
    errors: 0,
    latencyMs: { p50: 10.4, p95: 20.6 },
    ttftMs: null,
    inputTokens: '1',
    outputTokens: '2',
    costMicros: '3',
    ...fields,
  };
}

describe('variants report', () => {
  it('shares weights within each priority among enabled deployments only', () => {
    const report = buildVariantsReport(
      [
        deployment('a', { weight: 3 }),
        deployment('b', { weight: 1 }),
        deployment('off', { weight: 5, enabled: false }),
        deployment('spare', { weight: 2, priority: 1 }),
        deployment('zero', { weight: 0, priority: 2 }),
      ],
      [],
      new Map(),
    );
    expect(report.variants.map((variant) => [variant.name, variant.settings?.weightShare])).toEqual([
      ['a', 0.75],
      ['b', 0.25],
      ['off', 0],
      ['spare', 1],
      ['zero', 0],
    ]);
    expect(report.requests).toBe(0);
    expect(report.variants.every((variant) => variant.trafficShare === 0 && variant.errorRate === 0)).toBe(
      true,
    );
  });

  it('lists removed deployments last, busiest first, under their latest or only recorded name', () => {
    const report = buildVariantsReport(
      [deployment('a')],
      [
        usage('dep_gone1', 1),
        usage('dep_a', 2, { errors: 1 }),
        usage('dep_gone2', 5, { recordedNames: ['new', 'old'] }),
      ],
      new Map([['dep_gone2', 'old']]),
    );
    expect(report.requests).toBe(8);
    expect(
      report.variants.map((variant) => [variant.name, variant.settings === null, variant.trafficShare]),
    ).toEqual([
      ['a', false, 0.25],
      ['old', true, 0.625],
      ['gone1', true, 0.125],
    ]);
    expect(report.variants[0]).toMatchObject({
      errorRate: 0.5,
      latencyMsP50: 10,
      latencyMsP95: 21,
      ttftMsP50: null,
    });
  });
});
