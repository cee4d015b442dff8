import { describe, expect, it } from 'vitest';
import { GatewayError, type RoutingPolicy } from '@llmguard/shared';
import type { ResolvedDeployment } from '../../catalog/route-catalog';
import { planRouting } from './plan-routing';
import type { RequestTraits } from './request-traits';
import { compileRoutingRules } from './routing-rules';

function deployment(name: string, tags: string[]): ResolvedDeployment {
  return {
    id: `dep_${name}`,
    routeId: 'rte_test',
    name,
    provider: 'openai',
    baseUrl: 'http://127.0.0.1:1/v1',
    upstreamModel: 'm',
    weight: 1,
    priority: 0,
    region: null,
    tags,
    prices: { inputMicrosPerMillion: 0, outputMicrosPerMillion: 0, cachedInputMicrosPerMillion: 0 },
    credential: null,
    apiVersion: null,
    timeouts: { connectMs: 1, firstByteMs: 1, idleMs: 1, totalMs: 1 },
    maxConcurrentRequests: null,
  };
}

const onPrem = deployment('on-prem', ['local', 'gpu']);
const onPremSmall = deployment('on-prem-small', ['local']);
const cloud = deployment('cloud', ['cloud', 'gpu', 'vision']);
const other = deployment('other', []);
const route = [onPrem, onPremSmall, cloud, other];

function traits(overrides: { containsPii?: boolean; hasTools?: boolean; promptTokens?: number } = {}) {
  return {
    promptTokens: () => overrides.promptTokens ?? 10,
    hasTools: () => overrides.hasTools ?? false,
    hasImages: () => false,
    metadata: () => new Map<string, string>(),
    containsPii: () => overrides.containsPii ?? false,
  } satisfies RequestTraits;
}

function plan(routing: RoutingPolicy, request = traits(), deployments = route) {
  const result = planRouting(deployments, compileRoutingRules(routing), () => request, 'chat');
  return { names: result.tiers.map((tier) => tier.map(({ name }) => name)), localOnly: result.localOnly };
}

function refusal(routing: RoutingPolicy, request = traits(), deployments = route): GatewayError {
  try {
    planRouting(deployments, compileRoutingRules(routing), () => request, 'chat');
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planRouting', () => {
  it('keeps every deployment, in one tier, when the policy says nothing about routing', () => {
    expect(plan({})).toEqual({ names: [['on-prem', 'on-prem-small', 'cloud', 'other']], localOnly: false });
  });

  it("narrows by the first matching rule's required and excluded tags", () => {
    const rules = [
      {
        name: 'tools-on-gpu',
        when: { hasTools: true },
        then: { requireTags: ['gpu'], excludeTags: ['cloud'] },
      },
      { name: 'long-to-cloud', when: { minPromptTokens: 1_000 }, then: { requireTags: ['cloud'] } },
    ];
    expect(plan({ rules }, traits({ hasTools: true, promptTokens: 5_000 })).names).toEqual([['on-prem']]);
    expect(plan({ rules }, traits({ promptTokens: 5_000 })).names).toEqual([['cloud']]);
    expect(plan({ rules }, traits()).names).toEqual([['on-prem', 'on-prem-small', 'cloud', 'other']]);
  });

  it('refuses with 403 naming the rule when the rule leaves no deployment', () => {
    const rules = [{ name: 'needs-tpu', then: { requireTags: ['tpu'] } }];
    const error = refusal({ rules });
    expect(error.code).toBe('policy_violation');
    expect(error.status).toBe(403);
    expect(error.publicMessage).toContain('Routing rule `needs-tpu`');
    expect(error.publicMessage).toContain('requireTags: tpu');
    expect(error.publicMessage).toContain('model `chat`');
  });

  it('applies the policy-wide requiredTags before any rule', () => {
    expect(plan({ requiredTags: ['gpu'] }).names).toEqual([['on-prem', 'cloud']]);
    expect(refusal({ requiredTags: ['tpu'] }).publicMessage).toContain('routing.requiredTags (tpu)');
  });

  it('keeps a PII request on local deployments only when piiLocalOnly is on, in every tier', () => {
    const routing = { sensitiveData: { piiLocalOnly: true }, overflow: { prefer: 'gpu' } };
    expect(plan(routing, traits({ containsPii: true }))).toEqual({
      names: [['on-prem'], ['on-prem-small']],
      localOnly: true,
    });
    expect(plan(routing, traits()).localOnly).toBe(false);
    expect(plan(routing, traits()).names).toEqual([
      ['on-prem', 'cloud'],
      ['on-prem-small', 'other'],
    ]);
  });

  it('keeps every request local when localOnly is on, even one without personal data', () => {
    expect(plan({ sensitiveData: { localOnly: true } })).toEqual({
      names: [['on-prem', 'on-prem-small']],
      localOnly: true,
    });
  });

  it('refuses a local-only request on a route without local deployments, saying why, rather than leave premises', () => {
    const error = refusal({ sensitiveData: { piiLocalOnly: true } }, traits({ containsPii: true }), [
      cloud,
      other,
    ]);
    expect(error.code).toBe('policy_violation');
    expect(error.publicMessage).toContain('tagged `local`');
    expect(error.publicMessage).toContain('routing.sensitiveData.piiLocalOnly');
  });

  it('applies sensitivity after the rule: a rule cannot send a sensitive request to the cloud', () => {
    const rules = [{ name: 'pii-to-cloud', when: { sensitive: true }, then: { requireTags: ['cloud'] } }];
    const error = refusal({ rules, sensitiveData: { piiLocalOnly: true } }, traits({ containsPii: true }));
    expect(error.publicMessage).toContain('tagged `local`');
  });

  it('splits overflow into the preferred tier and the spill tier; untagged deployments take no spill', () => {
    expect(plan({ overflow: { prefer: 'local', spillTo: 'cloud' } }).names).toEqual([
      ['on-prem', 'on-prem-small'],
      ['cloud'],
    ]);
    expect(plan({ overflow: { prefer: 'local' } }).names).toEqual([
      ['on-prem', 'on-prem-small'],
      ['cloud', 'other'],
    ]);
  });

  it('serves a route without a preferred deployment as one tier', () => {
    expect(plan({ overflow: { prefer: 'local', spillTo: 'cloud' } }, traits(), [cloud, other]).names).toEqual(
      [['cloud', 'other']],
    );
  });

  it("lets a matching rule's preferTags take the place of the policy's overflow", () => {
    const rules = [{ name: 'gpu-first', when: { hasTools: true }, then: { preferTags: ['gpu'] } }];
    const routing = { rules, overflow: { prefer: 'local', spillTo: 'cloud' } };
    expect(plan(routing, traits({ hasTools: true })).names).toEqual([
      ['on-prem', 'cloud'],
      ['on-prem-small', 'other'],
    ]);
    expect(plan(routing, traits()).names).toEqual([['on-prem', 'on-prem-small'], ['cloud']]);
  });
});
