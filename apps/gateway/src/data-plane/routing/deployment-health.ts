import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import {
  CircuitState,
  ConsecutiveBreaker,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
  type IBreaker,
} from 'cockatiel';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { UpstreamPool } from '../../clients/upstream-pool';
import { GATEWAY_ENV } from '../../config';
import { GatewayMetrics } from '../../observability/gateway-metrics';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import { AttemptFailure } from './attempt-failure';
import { isReachable } from './health-probe';
import { SlowCallWindow } from './slow-call-window';

/** The error-rate breaker and the slow-call detector look at this much recent traffic. */
const SAMPLING_WINDOW_MS = 30_000;
/** Fewer calls than this in the window say nothing about a deployment's latency. */
const SLOW_CALL_MINIMUM_CALLS = 10;

type Circuit = {
  breaker: CircuitBreakerPolicy;
  /** When routing may try the deployment again: the circuit opened (or a probe found it unreachable) then. */
  openedAtMs: number;
  deployment: ResolvedDeployment;
  probeTimer?: NodeJS.Timeout;
  /** Calls slower than slowCallMs, when latency outlier detection is on. */
  slowCalls?: SlowCallWindow;
  /** Set while the circuit is held open for slowness; disposing it lets traffic back in. */
  slowIsolation?: { dispose(): void; timer: NodeJS.Timeout };
};

export type HealthSettings = {
  consecutiveFailures: number;
  errorRate: number;
  halfOpenAfterMs: number;
  probes: boolean;
  /** 0 = latency outlier detection off. */
  slowCallMs: number;
  slowCallRate: number;
};

/**
 * One circuit breaker per deployment, shared by every request of this gateway instance (passive outlier
 * detection: nothing is probed that traffic does not already call). A circuit opens after
 * `consecutiveFailures` failed calls in a row or when `errorRate` of its recent calls failed; while open, routing
 * skips the deployment. After `halfOpenAfterMs` one request is let through as a probe (half-open): its success
 * closes the circuit, its failure opens it again. Only failures that are the deployment's fault count (5xx,
 * 429, timeouts, connection errors; not a request's own 4xx). With active probes on, an open deployment's model
 * list is fetched every half-open period: one that cannot be reached stays out for another period, so no client
 * request is spent finding that out (a reachable one still gets its probe from real traffic).
 */
@Injectable()
export class DeploymentHealth implements OnModuleDestroy {
  private readonly logger = new Logger(DeploymentHealth.name);
  private readonly circuits = new Map<string, Circuit>();
  private readonly settings: HealthSettings;

  constructor(
    @Inject(GATEWAY_ENV) env: GatewayEnv,
    @Optional() private readonly pool?: UpstreamPool,
    @Optional() metrics?: GatewayMetrics,
  ) {
    if (metrics) metrics.breakerStates = () => this.breakerStates();
    this.settings = {
      consecutiveFailures: env.ROUTING_BREAKER_CONSECUTIVE_FAILURES,
      errorRate: env.ROUTING_BREAKER_ERROR_RATE,
      halfOpenAfterMs: env.ROUTING_BREAKER_HALF_OPEN_AFTER_MS,
      probes: env.ROUTING_HEALTH_PROBES && pool !== undefined,
      slowCallMs: env.ROUTING_SLOW_CALL_MS,
      slowCallRate: env.ROUTING_SLOW_CALL_RATE,
    };
  }

  onModuleDestroy(): void {
    for (const circuit of this.circuits.values()) {
      clearTimeout(circuit.probeTimer);
      if (circuit.slowIsolation) clearTimeout(circuit.slowIsolation.timer);
    }
  }

  /**
   * Whether routing may send a request to the deployment now: its circuit is closed, or open for long enough
   * that this request may be the half-open probe. A half-open circuit whose probe is still running is skipped.
   */
  isAvailable(deploymentId: string): boolean {
    const circuit = this.circuits.get(deploymentId);
    if (!circuit) return true;
    switch (circuit.breaker.state) {
      case CircuitState.Closed:
        return true;
      case CircuitState.Open:
        return Date.now() - circuit.openedAtMs >= this.settings.halfOpenAfterMs;
      default:
        return false;
    }
  }

  /** The 503 for a model none of whose deployments may be called now, with `retry-after` until the first probe. */
  allDown(model: string, deployments: readonly ResolvedDeployment[]): GatewayError {
    const retryAfterSeconds = this.secondsUntilRetry(deployments);
    return new GatewayError('service_unavailable', {
      publicMessage: `Every deployment of the model \`${model}\` is failing and out of service for now. Please try again in ${retryAfterSeconds} s.`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }

  /** Whole seconds until the first of these deployments may be probed again. */
  private secondsUntilRetry(deployments: readonly ResolvedDeployment[]): number {
    let soonestMs = this.settings.halfOpenAfterMs;
    for (const { id } of deployments) {
      const circuit = this.circuits.get(id);
      if (circuit?.breaker.state !== CircuitState.Open) continue;
      soonestMs = Math.min(soonestMs, circuit.openedAtMs + this.settings.halfOpenAfterMs - Date.now());
    }
    return Math.max(1, Math.ceil(soonestMs / 1000));
  }

  /** Runs one upstream call through the deployment's breaker (BrokenCircuitError when it is open). */
  run<T>(deployment: ResolvedDeployment, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const circuit = this.circuitOf(deployment);
    if (!circuit.slowCalls) return circuit.breaker.execute(call, signal);
    const startedAt = Date.now();
    return circuit.breaker.execute(call, signal).then((answer) => {
      this.recordLatency(circuit, Date.now() - startedAt);
      return answer;
    });
  }

  /**
   * Latency outlier detection (passive, like the error rate): when ROUTING_SLOW_CALL_RATE of a deployment's calls
   * over the window were slow, its circuit is held open (cockatiel's isolate) for one half-open period; then
   * traffic may try it again, with a fresh window.
   */
  private recordLatency(circuit: Circuit, elapsedMs: number): void {
    const slowCalls = circuit.slowCalls;
    if (!slowCalls || circuit.slowIsolation) return;
    const nowMs = Date.now();
    slowCalls.record(elapsedMs > this.settings.slowCallMs, nowMs);
    const rate = slowCalls.slowRate(SLOW_CALL_MINIMUM_CALLS, nowMs);
    if (rate === undefined || rate < this.settings.slowCallRate) return;
    const isolation = circuit.breaker.isolate();
    circuit.openedAtMs = nowMs;
    const { deployment } = circuit;
    this.logger.warn(
      `deployment ${deployment.name} (${deployment.id}) taken out: ${Math.round(rate * 100)} % of its calls took over ${this.settings.slowCallMs} ms`,
    );
    const timer = setTimeout(() => {
      circuit.slowIsolation = undefined;
      slowCalls.reset();
      isolation.dispose();
    }, this.settings.halfOpenAfterMs);
    timer.unref();
    circuit.slowIsolation = { dispose: () => isolation.dispose(), timer };
  }

  /** Every circuit's state by deployment name, read when /metrics is scraped. */
  private *breakerStates(): Iterable<[string, 'closed' | 'half_open' | 'open']> {
    for (const { breaker, deployment } of this.circuits.values()) {
      const state = breaker.state;
      yield [
        deployment.name,
        state === CircuitState.Open || state === CircuitState.Isolated
          ? 'open'
          : state === CircuitState.HalfOpen
            ? 'half_open'
            : 'closed',
      ];
    }
  }

  /** The deployment's circuit state, for tests and metrics. */
  stateOf(deploymentId: string): CircuitState {
    return this.circuits.get(deploymentId)?.breaker.state ?? CircuitState.Closed;
  }

  private circuitOf(deployment: ResolvedDeployment): Circuit {
    const circuit = this.circuits.get(deployment.id);
    if (circuit) {
      circuit.deployment = deployment; // a route change may have moved its URL or credential
      return circuit;
    }
    const breaker = circuitBreaker(
      handleWhen((error) => error instanceof AttemptFailure && error.verdict.deploymentFault),
      {
        halfOpenAfter: this.settings.halfOpenAfterMs,
        breaker: new EitherBreaker(
          new ConsecutiveBreaker(this.settings.consecutiveFailures),
          new SamplingBreaker({
            threshold: this.settings.errorRate,
            duration: SAMPLING_WINDOW_MS,
            minimumRps: 1,
          }),
        ),
      },
    );
    const created: Circuit = {
      breaker,
      openedAtMs: 0,
      deployment,
      slowCalls: this.settings.slowCallMs > 0 ? new SlowCallWindow(SAMPLING_WINDOW_MS) : undefined,
    };
    breaker.onBreak(() => {
      created.openedAtMs = Date.now();
      this.logger.warn(`circuit of deployment ${deployment.name} (${deployment.id}) opened`);
      this.scheduleProbe(created);
    });
    breaker.onReset(() =>
      this.logger.log(`circuit of deployment ${deployment.name} (${deployment.id}) closed`),
    );
    this.circuits.set(deployment.id, created);
    return created;
  }

  private scheduleProbe(circuit: Circuit): void {
    if (!this.settings.probes) return;
    clearTimeout(circuit.probeTimer);
    circuit.probeTimer = setTimeout(() => void this.probe(circuit), this.settings.halfOpenAfterMs);
    circuit.probeTimer.unref();
  }

  /** Runs while the circuit is still open (traffic has not taken the half-open probe meanwhile). */
  private async probe(circuit: Circuit): Promise<void> {
    circuit.probeTimer = undefined;
    if (!this.pool || circuit.breaker.state !== CircuitState.Open) return;
    const reachable = await isReachable(this.pool, circuit.deployment);
    if (reachable || circuit.breaker.state !== CircuitState.Open) return;
    circuit.openedAtMs = Date.now();
    this.logger.warn(`deployment ${circuit.deployment.name} (${circuit.deployment.id}) is still unreachable`);
    this.scheduleProbe(circuit);
  }
}

/** Opens when either breaker would: a run of consecutive failures, or a high error rate. Both see every call. */
export class EitherBreaker implements IBreaker {
  constructor(
    private readonly first: IBreaker,
    private readonly second: IBreaker,
  ) {}

  get state(): unknown {
    return [this.first.state, this.second.state];
  }

  set state(value: unknown) {
    const [first, second] = value as [unknown, unknown];
    this.first.state = first;
    this.second.state = second;
  }

  success(state: CircuitState): void {
    this.first.success(state);
    this.second.success(state);
  }

  failure(state: CircuitState): boolean {
    const first = this.first.failure(state);
    const second = this.second.failure(state);
    return first || second;
  }
}
