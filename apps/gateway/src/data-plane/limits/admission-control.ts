import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { LIMITER_REDIS } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import { GatewayMetrics } from '../../observability/gateway-metrics';
import type { TenantPolicy } from '../catalog/policy-catalog';
import type { RequestContext } from '../pipeline/request-context';
import { estimateRequestTokens } from './estimate-tokens';
import type { LimitDecision, Limiter } from './limit-decision';
import {
  buildLimitPlan,
  countsTokens,
  tokensOf,
  withCosts,
  type LimitCheck,
  type TokenEstimate,
} from './limit-plan';
import { LiveInstances } from './live-instances';
import { LocalLimiter } from './local-limiter';
import { rateLimitHeaders } from './rate-limit-headers';
import { RedisLimiter } from './redis-limiter';
import { refusal } from './refusal';

/** What a request holds from admission until it settles. */
export type Admission = {
  readonly checks: LimitCheck[];
  readonly limiter: Limiter;
  readonly tenantId: string;
};

/**
 * Admission control: decides each request against every limit and budget that applies to it (one Redis round
 * trip), reserves its estimated tokens and a concurrency lease, and settles both when the request ends. While
 * Redis is unreachable the tenant's policy decides: refuse (503) or admit against an in-process limiter.
 */
@Injectable()
export class AdmissionControl implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AdmissionControl.name);
  private readonly shared: RedisLimiter;
  private readonly fallback: LocalLimiter;
  private readonly instances: LiveInstances;
  /** Requests holding concurrency leases, renewed until they settle. */
  private readonly leased = new Map<string, Admission>();
  private renewTimer: NodeJS.Timeout | undefined;
  private sharedDown = false;

  constructor(
    @Inject(LIMITER_REDIS) redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly metrics: GatewayMetrics,
  ) {
    this.shared = new RedisLimiter(redis, env.REDIS_KEY_PREFIX, env.RATE_LIMIT_LEASE_TTL_MS);
    this.instances = new LiveInstances(redis, env.REDIS_KEY_PREFIX);
    this.fallback = new LocalLimiter(() => this.instances.current);
  }

  async onModuleInit(): Promise<void> {
    await this.instances.start();
    this.renewTimer = setInterval(
      () => void this.renewLeases(),
      Math.floor(this.env.RATE_LIMIT_LEASE_TTL_MS / 3),
    );
    this.renewTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.renewTimer);
    await this.instances.stop();
  }

  /**
   * Admits the request or throws its 429 (or 503); sets the rate-limit headers of its response either way. An answer
   * served from the gateway's cache (`servedFromCache`) costs no upstream tokens and holds no upstream slot: it is
   * counted against request limits and budgets only.
   */
  async admit(
    context: RequestContext,
    policy: TenantPolicy,
    options: { servedFromCache?: boolean } = {},
  ): Promise<void> {
    const key = context.apiKey;
    if (!key) throw new Error('admission ran before authentication');
    const planned = buildLimitPlan({
      tenantId: key.tenantId,
      keyId: key.id,
      model: context.model,
      endUser: context.endUser,
      policy: policy.policy,
      keyOverrides: key.limitOverrides,
      now: context.receivedAt,
    });
    const checks = options.servedFromCache ? planned.filter(countsCachedAnswers) : planned;
    if (checks.length === 0) return;
    const limits = policy.policy.rateLimits;
    const estimate = countsTokens(checks)
      ? estimateRequestTokens(context, limits?.defaultMaxOutputTokens)
      : { input: 0, output: 0 };
    withCosts(checks, estimate);
    const { decision, limiter } = await this.decide(checks, context.requestId, limits?.onLimiterUnavailable);
    const now = Date.now();
    // Added to what earlier stages set (the input guardrails' header).
    context.responseHeaders = {
      ...context.responseHeaders,
      ...rateLimitHeaders(context.wire, checks, decision.states, now),
      ...budgetWarning(checks, decision),
    };
    if (!decision.admitted) {
      const check = decision.refusedBy?.check;
      this.metrics.rateLimitRejections.inc({
        scope: check?.kind === 'budget' ? 'budget' : (check?.scope ?? 'tenant'),
      });
      throw refusal(decision, estimate, context.responseHeaders, now);
    }
    const admission: Admission = { checks, limiter, tenantId: key.tenantId };
    context.admission = admission;
    if (checks.some((check) => check.kind === 'concurrency')) this.leased.set(context.requestId, admission);
  }

  /** Corrects the token reservations by what the request really used, and frees its leases. Never throws. */
  settle(context: RequestContext, used: TokenEstimate): void {
    const admission = context.admission;
    if (!admission) return;
    context.admission = undefined;
    this.leased.delete(context.requestId);
    const deltas = admission.checks.map((check) =>
      check.kind === 'rate' && check.metric !== 'requests' ? tokensOf(check.metric, used) - check.cost : 0,
    );
    admission.limiter.settle(admission.checks, context.requestId, deltas).catch((error: unknown) => {
      // A lost settlement costs accuracy, not safety: leases expire and token buckets refill on their own.
      this.logger.warn(`settling ${context.requestId} failed: ${String(error)}`);
    });
  }

  private async decide(
    checks: LimitCheck[],
    requestId: string,
    whenUnavailable: 'fail_open' | 'fail_closed' | undefined,
  ): Promise<{ decision: LimitDecision; limiter: Limiter }> {
    try {
      const decision = await this.shared.admit(checks, requestId);
      if (this.sharedDown) {
        this.sharedDown = false;
        this.fallback.reset();
        this.logger.log('shared limiter reachable again');
      }
      return { decision, limiter: this.shared };
    } catch (error) {
      if (!this.sharedDown) {
        this.sharedDown = true;
        this.logger.error(
          `shared limiter unreachable, applying each policy's onLimiterUnavailable: ${String(error)}`,
        );
      }
      if (whenUnavailable === 'fail_closed') {
        throw new GatewayError('service_unavailable', {
          publicMessage:
            'Rate limiting is temporarily unavailable and your policy refuses requests meanwhile. Retry shortly.',
          internalMessage: `limiter unavailable: ${String(error)}`,
          headers: { 'retry-after': '1' },
          cause: error,
        });
      }
      return { decision: await this.fallback.admit(checks, requestId), limiter: this.fallback };
    }
  }

  /** Extends the leases of requests in flight: one call per tenant (a tenant's keys share a Redis slot). */
  private async renewLeases(): Promise<void> {
    const byTenant = new Map<string, { key: string; requestId: string }[]>();
    for (const [requestId, admission] of this.leased) {
      if (admission.limiter !== this.shared) continue;
      let leases = byTenant.get(admission.tenantId);
      if (!leases) byTenant.set(admission.tenantId, (leases = []));
      for (const check of admission.checks)
        if (check.kind === 'concurrency') leases.push({ key: check.key, requestId });
    }
    await Promise.all(
      [...byTenant.values()].map((leases) =>
        this.shared
          .renew(leases)
          .catch((error: unknown) => this.logger.warn(`lease renewal failed: ${String(error)}`)),
      ),
    );
  }
}

/** What a cached answer is counted against: requests and budgets, not tokens or concurrency. */
function countsCachedAnswers(check: LimitCheck): boolean {
  return check.kind === 'budget' || (check.kind === 'rate' && check.metric === 'requests');
}

/** `alert` budgets never refuse; at their cap the response says so in a header. */
function budgetWarning(checks: readonly LimitCheck[], decision: LimitDecision): Record<string, string> {
  const reached = checks.filter(
    (check, index) =>
      check.kind === 'budget' && check.action === 'alert' && decision.states[index]?.remaining === 0,
  );
  if (reached.length === 0) return {};
  return {
    'x-llmguard-budget-warning': reached
      .map((check) => (check.kind === 'budget' ? `${check.scope}-${check.period}-cap-reached` : ''))
      .join(', '),
  };
}
