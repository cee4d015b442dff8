import { describe, expect, it, vi } from 'vitest';
import { GatewayError, type RoutingPolicy } from '@llmguard/shared';
import type { TenantPolicy } from '../../catalog/policy-catalog';
import { createRequestContext } from '../../pipeline/request-context';
import type { AnswerCache, CachedAnswer } from './answer-cache';
import { Degradation } from './degradation';

function request(model = 'big') {
  return createRequestContext({
    requestId: 'req_1',
    wire: 'openai',
    endpoint: 'chat/completions',
    headers: {},
    body: { model, messages: [{ role: 'user', content: 'Hi' }] },
  });
}

function policyWith(degradation: RoutingPolicy['degradation']): TenantPolicy {
  return { policy: { routing: { degradation } } } as TenantPolicy;
}

const cachedAnswer: CachedAnswer = {
  served: { kind: 'exact', inputTokens: 12, outputTokens: 30, prices: null, pricePercent: 0 },
  reply: { kind: 'json', status: 200, body: Buffer.from('{"id":"cached"}'), headers: {} },
};

function degradationWith(answer: CachedAnswer | undefined) {
  const cache: AnswerCache = { findAnswer: vi.fn(() => Promise.resolve(answer)) };
  return { degradation: new Degradation(cache), cache };
}

describe('Degradation', () => {
  it('does nothing when the policy declares no degradation: the caller answers 503', async () => {
    const { degradation } = degradationWith(cachedAnswer);
    const reroute = vi.fn(() => Promise.resolve());
    expect(await degradation.degrade(request(), { policy: {} } as TenantPolicy, reroute)).toBe(false);
    expect(reroute).not.toHaveBeenCalled();
  });

  it('serves a cached answer first when serveCached is on: no deployment, nothing metered upstream', async () => {
    const { degradation } = degradationWith(cachedAnswer);
    const context = request();
    const reroute = vi.fn(() => Promise.resolve());
    expect(
      await degradation.degrade(context, policyWith({ serveCached: true, fallbackModel: 'small' }), reroute),
    ).toBe(true);
    expect(reroute).not.toHaveBeenCalled();
    expect(context.upstream).toBe(cachedAnswer.reply);
    expect(context).toMatchObject({
      deployment: undefined,
      usageComplete: true,
      degradation: { kind: 'cached-answer', cacheHit: 'exact' },
      cacheHit: cachedAnswer.served,
      responseHeaders: { 'x-llmguard-degraded': 'cached-answer' },
    });
  });

  it('routes to the fallback model when the cache has nothing, remembering the model asked for', async () => {
    const { degradation, cache } = degradationWith(undefined);
    const context = request();
    const reroute = vi.fn(() => {
      expect(context.model).toBe('small');
      return Promise.resolve();
    });
    expect(
      await degradation.degrade(context, policyWith({ serveCached: true, fallbackModel: 'small' }), reroute),
    ).toBe(true);
    expect(cache.findAnswer).toHaveBeenCalledOnce();
    expect(reroute).toHaveBeenCalledOnce();
    expect(context.degradation).toEqual({ kind: 'fallback-model', requestedModel: 'big' });
  });

  it('leaves the request as it was when the fallback model cannot serve it either', async () => {
    const { degradation } = degradationWith(undefined);
    const context = request();
    const refused = new GatewayError('policy_violation', { publicMessage: 'no local deployment' });
    expect(
      await degradation.degrade(context, policyWith({ fallbackModel: 'small' }), () =>
        Promise.reject(refused),
      ),
    ).toBe(false);
    expect(context.model).toBe('big');
    expect(context.degradation).toBeUndefined();
  });

  it('degrades a request once, and never to the model that is down', async () => {
    const { degradation } = degradationWith(undefined);
    const reroute = vi.fn(() => Promise.resolve());
    const degraded = request('small');
    degraded.degradation = { kind: 'fallback-model', requestedModel: 'big' };
    expect(await degradation.degrade(degraded, policyWith({ fallbackModel: 'other' }), reroute)).toBe(false);
    expect(await degradation.degrade(request('small'), policyWith({ fallbackModel: 'small' }), reroute)).toBe(
      false,
    );
    expect(reroute).not.toHaveBeenCalled();
  });
});
