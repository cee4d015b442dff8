import { Inject, Injectable } from '@nestjs/common';
import { BrokenCircuitError, ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../../config';
import { CapacityGate } from '../../capacity/capacity-gate';
import { PolicyCatalog } from '../../catalog/policy-catalog';
import type { ResolvedDeployment } from '../../catalog/route-catalog';
import { AttemptFailure } from '../../routing/attempt-failure';
import { hasLargerContext } from '../../routing/candidates';
import { Degradation, degradationHeaders } from '../../routing/degradation/degradation';
import { DeploymentHealth } from '../../routing/deployment-health';
import { UpstreamCaller } from '../../routing/upstream-caller';
import type { RequestContext } from '../request-context';
import type { UpstreamReply } from '../upstream-reply';
import { toUpstreamFailure } from '../upstream-failure';
import type { Stage } from '../stage';
import { RouteStage } from './route.stage';

/**
 * Calls the route's deployments in order until one answers. A transient failure (connection error, 5xx) is
 * retried on the same deployment after a jittered exponential backoff; then, or at once for timeouts before the
 * first byte, 429s and credential errors, the next deployment gets the request (a context-length error only one
 * with a larger window). The request's total timeout bounds everything, and at most ROUTING_MAX_ATTEMPTS calls
 * are made. Only answers that reached no client count: once a stream's headers arrive, the request is committed.
 * Each attempt holds its deployment's slot (fair queue) only while it runs, and goes through its circuit breaker;
 * a deployment of an overflow's preferred tier is passed over, not queued for, when it is at capacity. When every
 * deployment failed on its own account, the policy's degradation may still serve the request.
 */
@Injectable()
export class CallProviderStage implements Stage {
  readonly name = 'call-provider';
  private readonly maxAttempts: number;
  /** Shared by every request: retries whatever failure the verdict calls transient. */
  private readonly sameDeploymentRetry: RetryPolicy;

  constructor(
    private readonly caller: UpstreamCaller,
    private readonly health: DeploymentHealth,
    private readonly capacity: CapacityGate,
    private readonly policies: PolicyCatalog,
    private readonly route: RouteStage,
    private readonly degradation: Degradation,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.maxAttempts = env.ROUTING_MAX_ATTEMPTS;
    this.sameDeploymentRetry = retry(
      handleWhen((error) => error instanceof AttemptFailure && error.verdict.retrySame),
      {
        maxAttempts: env.ROUTING_RETRIES_PER_DEPLOYMENT,
        backoff: new ExponentialBackoff({
          initialDelay: env.ROUTING_RETRY_BACKOFF_MS,
          maxDelay: env.ROUTING_RETRY_BACKOFF_MS * 10,
        }),
      },
    );
  }

  async run(context: RequestContext): Promise<void> {
    const first = context.deployment;
    if (!first) throw new Error('call-provider ran before route');
    startTotalTimer(context, first.timeouts.totalMs);
    try {
      await this.tryCandidates(context);
    } finally {
      const headers = (context.responseHeaders ??= {});
      if (context.deployment) headers['x-llmguard-deployment'] = context.deployment.name;
      headers['x-llmguard-attempts'] = String(context.attempts);
      Object.assign(headers, degradationHeaders(context));
    }
  }

  private async tryCandidates(context: RequestContext): Promise<void> {
    let last: AttemptFailure | undefined;
    let failedOn: ResolvedDeployment | undefined;
    let skipped: GatewayError | undefined;
    for (const deployment of context.candidates) {
      if (context.attempts >= this.maxAttempts) break;
      const tooLong = last?.verdict.fallback === 'larger-context';
      if (tooLong && failedOn && !hasLargerContext(deployment, failedOn)) continue;
      if (!this.health.isAvailable(deployment.id)) continue;
      context.deployment = deployment;
      const result = await this.tryDeployment(context, deployment);
      if (result === undefined) return;
      if (result instanceof GatewayError) {
        skipped = result;
        continue;
      }
      last = result;
      failedOn = deployment;
      if (result.verdict.fallback === 'none') break;
    }
    if (routeIsDown(last) && (await this.degrade(context))) return;
    if (last && 'reply' in last.outcome) {
      // The client gets the last upstream's own error answer, as the upstream gave it.
      context.deployment = failedOn;
      context.upstream = last.outcome.reply;
      return;
    }
    if (last && 'error' in last.outcome) {
      context.deployment = failedOn;
      throw last.outcome.error;
    }
    throw skipped ?? this.health.allDown(context.model, context.candidates);
  }

  /**
   * routing.degradation once every deployment failed: a cached answer, or the fallback model's deployments (routed
   * again by the route stage, sensitivity included, and tried within what is left of the attempts and the time).
   */
  private async degrade(context: RequestContext): Promise<boolean> {
    if (context.attempts >= this.maxAttempts || context.upstreamAbort.signal.aborted) return false;
    const policy = await this.policyOf(context);
    if (!(await this.degradation.degrade(context, policy, () => this.route.run(context)))) return false;
    if (!context.upstream) await this.tryCandidates(context);
    return true;
  }

  /**
   * One deployment, retries included: undefined once it answered (context.upstream is set), its last failure, or
   * the reason it was passed over without a call (its queue refused, or its circuit opened meanwhile).
   */
  private async tryDeployment(
    context: RequestContext,
    deployment: ResolvedDeployment,
  ): Promise<AttemptFailure | GatewayError | undefined> {
    try {
      if (!context.spillWhenSaturated.has(deployment.id)) {
        await this.capacity.enter(context, await this.policyOf(context));
      } else if (!(await this.capacity.tryEnter(context))) {
        return spilled(deployment); // overflow: the next tier takes the request rather than it waiting here
      }
    } catch (error) {
      if (context.upstreamAbort.signal.aborted || !(error instanceof GatewayError)) throw error;
      return error;
    }
    try {
      context.upstream = await this.withRetries(context, deployment);
      return undefined;
    } catch (error) {
      this.capacity.release(context);
      if (error instanceof AttemptFailure) return error;
      if (error instanceof BrokenCircuitError) return this.health.allDown(context.model, [deployment]);
      // The backoff was cut short: the client left or the request's time ran out.
      if (context.upstreamAbort.signal.aborted) {
        throw toUpstreamFailure(context.upstreamAbort.signal.reason, deployment.timeouts);
      }
      throw error;
    }
  }

  /** Calls through the deployment's breaker; transient failures are retried while the attempt budget lasts. */
  private withRetries(context: RequestContext, deployment: ResolvedDeployment): Promise<UpstreamReply> {
    let previous: AttemptFailure | undefined;
    return this.sameDeploymentRetry.execute(async () => {
      // Out of attempts: the failure stands, and is not retried (it may still fall back: the loop decides).
      if (previous && context.attempts >= this.maxAttempts) {
        throw new AttemptFailure({ ...previous.verdict, retrySame: false }, previous.outcome);
      }
      context.attempts += 1;
      try {
        return await this.health.run(deployment, () => this.caller.call(context, deployment));
      } catch (error) {
        if (error instanceof AttemptFailure) previous = error;
        // The circuit opened on the previous failure: that failure stands (and may fall back).
        else if (error instanceof BrokenCircuitError && previous) {
          context.attempts -= 1;
          throw new AttemptFailure({ ...previous.verdict, retrySame: false }, previous.outcome);
        }
        throw error;
      }
    }, context.upstreamAbort.signal);
  }

  private async policyOf(context: RequestContext) {
    const tenantId = context.apiKey?.tenantId ?? '';
    return this.policies.cached(tenantId) ?? (await this.policies.load(tenantId));
  }
}

/**
 * No deployment answered, on the deployments' account: none could be called, or the last failed as a deployment
 * does (5xx, 429, timeouts before an answer). Not when the request was at fault, nor after a body cut halfway,
 * which may have cost tokens and is never tried again anywhere.
 */
function routeIsDown(last: AttemptFailure | undefined): boolean {
  return !last || (last.verdict.deploymentFault && last.verdict.fallback !== 'none');
}

/** Why a saturated deployment of the preferred tier was passed over (the client sees it only if nothing else answers). */
function spilled(deployment: ResolvedDeployment): GatewayError {
  return new GatewayError('service_unavailable', {
    publicMessage: `The model deployment \`${deployment.name}\` is at capacity. Retry shortly.`,
    headers: { 'retry-after': '1' },
  });
}

/**
 * The request's total time (the first deployment's totalMs) bounds every attempt and backoff: the upstream call
 * ends when the client leaves (the responder aborts the same controller) or the time runs out. A plain timer, not
 * AbortSignal.timeout/any: those keep signals alive and leak under load on Node 20 (nodejs/node#54614).
 */
function startTotalTimer(context: RequestContext, totalMs: number): void {
  const controller = context.upstreamAbort;
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${totalMs} ms`, 'TimeoutError')),
    totalMs,
  );
  context.cleanups.push(async () => clearTimeout(timer));
}
