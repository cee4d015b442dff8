import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { LIMITER_REDIS } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import type { TenantPolicy } from '../catalog/policy-catalog';
import type { ConcurrencyCheck } from '../limits/limit-plan';
import { RedisLimiter } from '../limits/redis-limiter';
import type { RequestContext } from '../pipeline/request-context';
import { DeploymentLoad } from '../routing/strategies/deployment-load';
import { FairQueue } from './fair-queue';

/** Waiters per deployment per instance; beyond it a request is refused at once rather than queued. */
const QUEUE_MAX = 1_000;
const DEFAULT_MAX_WAIT_MS = 30_000;
/** How often waiters retry while the slots they wait for are held by other instances. */
const POLL_MS = 20;

type Waiter = { context: RequestContext; tenantId: string; grant: () => void };
type DeploymentQueue = {
  queue: FairQueue<Waiter>;
  check: ConcurrencyCheck;
  pumping: boolean;
  poll?: NodeJS.Timeout;
};

/**
 * A deployment's concurrency ceiling across every gateway instance (leases in Redis, like tenants' concurrency
 * limits), with a bounded fair queue in front of it: when the deployment is saturated, requests wait, served by
 * tenant in proportion to their policy's fairShareWeight (set by tier), so one tenant's burst never starves
 * another's steady traffic. Fairness is per instance; the ceiling is global. While Redis is unreachable the
 * ceiling is not enforced (the provider's own limits remain).
 */
@Injectable()
export class CapacityGate implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CapacityGate.name);
  private readonly slots: RedisLimiter;
  private readonly queues = new Map<string, DeploymentQueue>();
  /** Slots held by requests in flight, renewed until released. */
  private readonly held = new Map<string, ConcurrencyCheck>();
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(LIMITER_REDIS) redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly load: DeploymentLoad,
  ) {
    this.slots = new RedisLimiter(redis, env.REDIS_KEY_PREFIX, env.RATE_LIMIT_LEASE_TTL_MS);
  }

  onModuleInit(): void {
    this.renewTimer = setInterval(() => void this.renew(), Math.floor(this.env.RATE_LIMIT_LEASE_TTL_MS / 3));
    this.renewTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.renewTimer);
    for (const queue of this.queues.values()) clearTimeout(queue.poll);
  }

  /**
   * Takes a slot of the request's deployment only if one is free now and nobody queues for it; never waits. False
   * means the deployment is saturated (overflow spills elsewhere). True for deployments without a ceiling. A request
   * that got in counts as in flight from then on (for routing by load).
   */
  async tryEnter(context: RequestContext): Promise<boolean> {
    const deployment = context.deployment;
    if (deployment && deployment.maxConcurrentRequests !== null && context.apiKey) {
      const entry = this.queueOf(deployment);
      if (entry.queue.size > 0 || !(await this.tryAcquire(entry.check, context))) return false;
    }
    this.load.begin(context);
    return true;
  }

  /**
   * Returns once the request holds a slot of its deployment (counted in flight from then on, for routing by load);
   * throws a 503 when the queue is full or too slow.
   */
  async enter(context: RequestContext, policy: TenantPolicy): Promise<void> {
    if (await this.tryEnter(context)) return;
    const deployment = context.deployment;
    const tenantId = context.apiKey?.tenantId;
    if (!deployment || !tenantId) return;
    const entry = this.queueOf(deployment);
    const maxWaitMs = policy.policy.rateLimits?.maxQueueWaitMs ?? DEFAULT_MAX_WAIT_MS;
    if (maxWaitMs === 0 || entry.queue.size >= QUEUE_MAX) throw saturated(deployment, 'its queue is full');
    const weight = policy.policy.rateLimits?.fairShareWeight ?? 1;
    await new Promise<void>((resolve, reject) => {
      const leave = (error: GatewayError) => {
        if (!entry.queue.remove(tenantId, waiter)) return;
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(
        () => leave(saturated(deployment, `no slot freed within ${maxWaitMs} ms`)),
        maxWaitMs,
      );
      const onAbort = () =>
        leave(
          new GatewayError('invalid_request', {
            publicMessage: 'The client went away while queued.',
            status: 499,
          }),
        );
      const waiter: Waiter = {
        context,
        tenantId,
        grant: () => {
          clearTimeout(timer);
          context.upstreamAbort.signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      context.upstreamAbort.signal.addEventListener('abort', onAbort, { once: true });
      entry.queue.push(tenantId, weight, waiter);
      this.schedulePump(entry);
    });
    this.load.begin(context);
  }

  /** Frees the request's slot and lets the next waiter in. */
  release(context: RequestContext): void {
    this.load.end(context);
    const check = context.deploymentSlot;
    if (!check) return;
    context.deploymentSlot = undefined;
    this.held.delete(context.requestId);
    this.slots
      .settle([check], context.requestId, [0])
      .catch((error: unknown) => this.logger.warn(`releasing a deployment slot failed: ${String(error)}`))
      .finally(() => {
        const entry = this.queues.get(check.subject ?? '');
        if (entry) void this.pump(entry);
      });
  }

  private queueOf(deployment: ResolvedDeployment): DeploymentQueue {
    let entry = this.queues.get(deployment.id);
    const limit = deployment.maxConcurrentRequests ?? 1;
    if (!entry) {
      const check: ConcurrencyCheck = {
        kind: 'concurrency',
        key: `dl:{${deployment.id}}:c`,
        scope: 'deployment',
        subject: deployment.id,
        metric: 'concurrent_requests',
        limit,
      };
      this.queues.set(deployment.id, (entry = { queue: new FairQueue(), check, pumping: false }));
    }
    entry.check.limit = limit; // a route change may have moved the ceiling
    return entry;
  }

  private async tryAcquire(check: ConcurrencyCheck, context: RequestContext): Promise<boolean> {
    try {
      const decision = await this.slots.admit([check], context.requestId);
      if (!decision.admitted) return false;
      context.deploymentSlot = check;
      this.held.set(context.requestId, check);
      return true;
    } catch (error) {
      this.logger.warn(`deployment slots unavailable, not enforcing the ceiling: ${String(error)}`);
      return true;
    }
  }

  /** Grants slots to waiters in fair order until the deployment is full again. One pump per deployment at a time. */
  private async pump(entry: DeploymentQueue): Promise<void> {
    if (entry.pumping) return;
    entry.pumping = true;
    try {
      for (let waiter = entry.queue.peek(); waiter; waiter = entry.queue.peek()) {
        if (!(await this.tryAcquire(entry.check, waiter.context))) break;
        // The waiter may have timed out or left during the round trip: give its slot back.
        if (entry.queue.take(waiter.tenantId, waiter)) waiter.grant();
        else this.release(waiter.context);
      }
    } finally {
      entry.pumping = false;
      if (entry.queue.size > 0) this.schedulePump(entry);
    }
  }

  /** Slots freed by other instances are not announced: waiters retry shortly. */
  private schedulePump(entry: DeploymentQueue): void {
    if (entry.poll) return;
    entry.poll = setTimeout(() => {
      entry.poll = undefined;
      void this.pump(entry);
    }, POLL_MS);
  }

  private async renew(): Promise<void> {
    const byDeployment = new Map<string, { key: string; requestId: string }[]>();
    for (const [requestId, check] of this.held) {
      const leases = byDeployment.get(check.key) ?? [];
      leases.push({ key: check.key, requestId });
      byDeployment.set(check.key, leases);
    }
    await Promise.all(
      [...byDeployment.values()].map((leases) =>
        this.slots
          .renew(leases)
          .catch((error: unknown) => this.logger.warn(`slot renewal failed: ${String(error)}`)),
      ),
    );
  }
}

function saturated(deployment: ResolvedDeployment, why: string): GatewayError {
  return new GatewayError('service_unavailable', {
    publicMessage: `The model deployment \`${deployment.name}\` is at capacity and ${why}. Retry shortly.`,
    headers: { 'retry-after': '1' },
  });
}
