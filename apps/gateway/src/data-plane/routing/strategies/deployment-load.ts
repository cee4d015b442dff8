import { Injectable } from '@nestjs/common';
import { elapsedMs, type RequestContext } from '../../pipeline/request-context';

/** Samples kept per deployment and kind (streamed or not): the average is over these, newest weighing most. */
const SAMPLES_KEPT = 16;

/** The last SAMPLES_KEPT times to first token of one deployment and request kind, in a fixed ring buffer. */
class LatencySamples {
  private readonly valuesMs = new Float64Array(SAMPLES_KEPT);
  private readonly atMs = new Float64Array(SAMPLES_KEPT);
  private next = 0;
  private count = 0;

  add(valueMs: number, atMs: number): void {
    this.valuesMs[this.next] = valueMs;
    this.atMs[this.next] = atMs;
    this.next = (this.next + 1) % SAMPLES_KEPT;
    this.count = Math.min(this.count + 1, SAMPLES_KEPT);
  }

  /** The mean of the samples, each weighted 2^(-age / halfLifeMs); undefined before the first sample. */
  average(nowMs: number, halfLifeMs: number): number | undefined {
    if (this.count === 0) return undefined;
    let weighted = 0;
    let weights = 0;
    for (let index = 0; index < this.count; index += 1) {
      const weight = 2 ** (-Math.max(0, nowMs - (this.atMs[index] ?? 0)) / halfLifeMs);
      weighted += weight * (this.valuesMs[index] ?? 0);
      weights += weight;
    }
    // Every sample so old that its weight underflowed: the plain mean still says something.
    if (weights === 0) {
      for (let index = 0; index < this.count; index += 1) weighted += this.valuesMs[index] ?? 0;
      return weighted / this.count;
    }
    return weighted / weights;
  }
}

/** What strategies read: load only, no recording. */
export type LoadView = Pick<DeploymentLoad, 'inFlightOf' | 'firstTokenMsOf'>;

type Latency = { streamed: LatencySamples; whole: LatencySamples };

/**
 * What this gateway instance knows about each deployment's load, for the strategies that route by it: requests in
 * flight (least_busy, prefix_affinity's bounded load) and the time to first token (lowest_latency). An attempt is
 * counted from the moment it holds its deployment's slot until it fails or the request settles (the capacity gate
 * brackets it). Times to first token are kept only for deployments a strategy has asked about, so other routes pay
 * nothing for them. Per instance: other gateway instances keep their own counts.
 */
@Injectable()
export class DeploymentLoad {
  private readonly inFlight = new Map<string, number>();
  private readonly latency = new Map<string, Latency>();

  /** The attempt on context.deployment starts now. */
  begin(context: RequestContext): void {
    const deployment = context.deployment;
    if (!deployment || context.inFlightOn !== undefined) return;
    this.inFlight.set(deployment.id, (this.inFlight.get(deployment.id) ?? 0) + 1);
    context.inFlightOn = deployment.id;
    // The first deployment's time counts from the request's arrival (its queue wait counts against it; no clock
    // read on the common path); a fallback's from its own start, without the failed attempts before it.
    context.attemptStartMs = context.attempts === 0 ? 0 : elapsedMs(context);
  }

  /**
   * The attempt is over (failed, or its request settled). One that answered leaves a sample: a stream its time to
   * first token, a whole answer the time it took (its first token came with it), both from the attempt's start.
   */
  end(context: RequestContext): void {
    const deploymentId = context.inFlightOn;
    if (deploymentId === undefined) return;
    context.inFlightOn = undefined;
    // Kept at 0 rather than deleted: a busy deployment would otherwise re-insert its entry on every request.
    this.inFlight.set(deploymentId, Math.max(0, (this.inFlight.get(deploymentId) ?? 1) - 1));
    const latency = this.latency.get(deploymentId);
    const upstream = context.upstream;
    if (!latency || !upstream || context.deployment?.id !== deploymentId) return;
    const nowMs = performance.now();
    if (upstream.kind === 'stream' && context.ttftMs !== undefined) {
      latency.streamed.add(Math.max(0, context.ttftMs - context.attemptStartMs), nowMs);
    } else if (upstream.kind === 'json' && upstream.status < 400) {
      latency.whole.add(elapsedMs(context) - context.attemptStartMs, nowMs);
    }
  }

  /** Attempts on the deployment in flight on this instance now. */
  inFlightOf(deploymentId: string): number {
    return this.inFlight.get(deploymentId) ?? 0;
  }

  /**
   * The deployment's recent time to first token for this kind of request, in ms; undefined when never measured.
   * Asking starts the measuring.
   */
  firstTokenMsOf(deploymentId: string, stream: boolean, halfLifeMs: number): number | undefined {
    const latency = this.latencyOf(deploymentId);
    return (stream ? latency.streamed : latency.whole).average(performance.now(), halfLifeMs);
  }

  /** Records a sample directly (tests, and warm-up from elsewhere). */
  recordFirstToken(deploymentId: string, stream: boolean, valueMs: number): void {
    const latency = this.latencyOf(deploymentId);
    (stream ? latency.streamed : latency.whole).add(valueMs, performance.now());
  }

  private latencyOf(deploymentId: string): Latency {
    let latency = this.latency.get(deploymentId);
    if (!latency) {
      latency = { streamed: new LatencySamples(), whole: new LatencySamples() };
      this.latency.set(deploymentId, latency);
    }
    return latency;
  }
}
