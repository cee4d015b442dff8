import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../pipeline/request-context';
import { createRequestContext } from '../../pipeline/request-context';
import { deployment } from './__fixtures__/routing';
import { DeploymentLoad } from './deployment-load';

function attempt(stream: boolean) {
  const context = createRequestContext({
    requestId: 'req_1',
    wire: 'openai',
    endpoint: 'chat/completions',
    headers: {},
    body: { model: 'm', stream },
  });
  context.deployment = deployment('a');
  return context;
}

describe('DeploymentLoad', () => {
  it('counts an attempt in flight from begin to end, once', () => {
    const load = new DeploymentLoad();
    const first = attempt(false);
    const second = attempt(false);
    load.begin(first);
    load.begin(second);
    load.begin(second);
    expect(load.inFlightOf('dep_a')).toBe(2);
    load.end(first);
    load.end(first);
    expect(load.inFlightOf('dep_a')).toBe(1);
    load.end(second);
    expect(load.inFlightOf('dep_a')).toBe(0);
  });

  it('records the time to first token of an attempt that answered, per kind of request', () => {
    const load = new DeploymentLoad();
    // Nothing is measured until a strategy asks.
    expect(load.firstTokenMsOf('dep_a', true, 30_000)).toBeUndefined();
    const streamed: RequestContext = attempt(true);
    load.begin(streamed);
    expect(streamed.attemptStartMs).toBe(0); // the first attempt counts from arrival
    streamed.attemptStartMs = 10;
    streamed.ttftMs = 130;
    streamed.upstream = {
      kind: 'stream',
      status: 200,
      body: undefined as never,
      exchange: undefined as never,
    };
    load.end(streamed);
    expect(load.firstTokenMsOf('dep_a', true, 30_000)).toBeCloseTo(120, 5);
    expect(load.firstTokenMsOf('dep_a', false, 30_000)).toBeUndefined();

    const failed = attempt(false);
    load.begin(failed);
    load.end(failed); // no answer: no sample
    expect(load.firstTokenMsOf('dep_a', false, 30_000)).toBeUndefined();
  });

  it('weighs recent samples more', () => {
    const load = new DeploymentLoad();
    load.recordFirstToken('dep_a', true, 1000);
    for (let sample = 0; sample < 15; sample += 1) load.recordFirstToken('dep_a', true, 100);
    const mean = load.firstTokenMsOf('dep_a', true, 30_000) ?? 0;
    expect(mean).toBeGreaterThan(150);
    expect(mean).toBeLessThan(170);
    // Older than SAMPLES_KEPT samples: gone.
    load.recordFirstToken('dep_a', true, 100);
    expect(load.firstTokenMsOf('dep_a', true, 30_000)).toBeCloseTo(100, 5);
  });
});
