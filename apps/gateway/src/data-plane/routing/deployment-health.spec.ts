import { CircuitState } from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import type { UpstreamPool } from '../../clients/upstream-pool';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import { AttemptFailure } from './attempt-failure';
import { DeploymentHealth } from './deployment-health';

const deployment = { id: 'dep_a', name: 'a' } as ResolvedDeployment;
const env = {
  ROUTING_BREAKER_CONSECUTIVE_FAILURES: 3,
  ROUTING_BREAKER_ERROR_RATE: 0.5,
  ROUTING_BREAKER_HALF_OPEN_AFTER_MS: 1_000,
} as GatewayEnv;

const fault = new AttemptFailure(
  { retrySame: true, fallback: 'any', deploymentFault: true },
  { error: new GatewayError('upstream_error', { publicMessage: 'down' }) },
);
const requestFault = new AttemptFailure(
  { retrySame: false, fallback: 'none', deploymentFault: false },
  { error: new GatewayError('invalid_request', { publicMessage: 'bad' }) },
);

async function fail(health: DeploymentHealth, error: Error): Promise<void> {
  await expect(health.run(deployment, () => Promise.reject(error))).rejects.toBe(error);
}

describe('DeploymentHealth', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('opens after N consecutive deployment faults, skips the deployment, and closes after a good probe', async () => {
    const health = new DeploymentHealth(env);
    for (let i = 0; i < 3; i += 1) await fail(health, fault);
    expect(health.stateOf(deployment.id)).toBe(CircuitState.Open);
    expect(health.isAvailable(deployment.id)).toBe(false);
    expect(health.allDown('m', [deployment]).headers['retry-after']).toBe('1');
    vi.advanceTimersByTime(1_000);
    expect(health.isAvailable(deployment.id)).toBe(true);
    await expect(health.run(deployment, async () => 'ok')).resolves.toBe('ok');
    expect(health.stateOf(deployment.id)).toBe(CircuitState.Closed);
  });

  it('opens again when the half-open probe fails, and skips the deployment while a probe runs', async () => {
    const health = new DeploymentHealth(env);
    for (let i = 0; i < 3; i += 1) await fail(health, fault);
    vi.advanceTimersByTime(1_000);
    let finishProbe: (value: string) => void = () => undefined;
    const probe = health.run(deployment, () => new Promise<string>((resolve) => (finishProbe = resolve)));
    expect(health.stateOf(deployment.id)).toBe(CircuitState.HalfOpen);
    expect(health.isAvailable(deployment.id)).toBe(false);
    finishProbe('late');
    await probe;
    for (let i = 0; i < 3; i += 1) await fail(health, fault);
    vi.advanceTimersByTime(1_000);
    await fail(health, fault);
    expect(health.stateOf(deployment.id)).toBe(CircuitState.Open);
  });

  it("never counts a request's own errors against the deployment", async () => {
    const health = new DeploymentHealth(env);
    for (let i = 0; i < 10; i += 1) await fail(health, requestFault);
    expect(health.stateOf(deployment.id)).toBe(CircuitState.Closed);
  });

  it('keeps an unreachable deployment out without spending a client request, until a probe reaches it', async () => {
    let reachable = false;
    const probed: string[] = [];
    const pool = {
      agentFor: () => ({
        request: async ({ origin, path }: { origin: string; path: string }) => {
          probed.push(origin + path);
          if (!reachable) throw new Error('connect ECONNREFUSED');
          return { statusCode: 200, body: { dump: async () => undefined } };
        },
      }),
    } as unknown as UpstreamPool;
    const health = new DeploymentHealth({ ...env, ROUTING_HEALTH_PROBES: true }, pool);
    const remote = {
      ...deployment,
      provider: 'openai',
      baseUrl: 'http://10.0.0.9:8000/v1',
      credential: null,
      timeouts: { connectMs: 1_000, firstByteMs: 1_000, idleMs: 1_000, totalMs: 1_000 },
    } as ResolvedDeployment;
    for (let i = 0; i < 3; i += 1) {
      await expect(health.run(remote, () => Promise.reject(fault))).rejects.toBe(fault);
    }
    await vi.advanceTimersByTimeAsync(1_000);
    expect(probed).toEqual(['http://10.0.0.9:8000/v1/models']);
    expect(health.isAvailable(remote.id)).toBe(false);
    reachable = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(probed).toHaveLength(2);
    // Reachable: the next client request is the half-open probe of inference itself.
    expect(health.isAvailable(remote.id)).toBe(true);
    health.onModuleDestroy();
  });

  it('takes a deployment out while most of its calls are slow, and lets it back after a half-open period', async () => {
    const health = new DeploymentHealth({ ...env, ROUTING_SLOW_CALL_MS: 100, ROUTING_SLOW_CALL_RATE: 0.5 });
    const answerIn = (ms: number) => () =>
      new Promise<string>((resolve) => {
        setTimeout(() => resolve('ok'), ms);
        vi.advanceTimersByTime(ms);
      });
    for (let i = 0; i < 5; i += 1) await health.run(deployment, answerIn(10));
    for (let i = 0; i < 4; i += 1) await health.run(deployment, answerIn(300));
    expect(health.isAvailable(deployment.id)).toBe(true);
    // The tenth call makes 5 slow of 10: half, the threshold.
    await health.run(deployment, answerIn(300));
    expect(health.stateOf(deployment.id)).toBe(CircuitState.Isolated);
    expect(health.isAvailable(deployment.id)).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(health.isAvailable(deployment.id)).toBe(true);
    await expect(health.run(deployment, answerIn(10))).resolves.toBe('ok');
  });

  it('never counts latency when slow-call detection is off', async () => {
    const health = new DeploymentHealth({ ...env, ROUTING_SLOW_CALL_MS: 0 });
    for (let i = 0; i < 20; i += 1)
      await health.run(deployment, () => {
        vi.advanceTimersByTime(60_000);
        return Promise.resolve('slow');
      });
    expect(health.isAvailable(deployment.id)).toBe(true);
  });
});
