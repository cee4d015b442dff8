import { describe, expect, it } from 'vitest';
import { GatewayError } from '@llmguard/shared';
import { createRequestContext, type WireFormat } from '../../pipeline/request-context';
import { answered, compareAnswer, type CallResult } from './fan-out-answer';

function call(model: string, reply?: { status: number; body: unknown }, wire: WireFormat = 'openai') {
  const context = createRequestContext({
    requestId: `req_1:${model}`,
    wire,
    endpoint: wire === 'openai' ? 'chat/completions' : 'messages',
    headers: {},
    body: { model },
  });
  if (reply) {
    context.upstream = {
      kind: 'json',
      status: reply.status,
      body: Buffer.from(JSON.stringify(reply.body)),
      headers: { 'content-type': 'application/json' },
    };
  }
  return context;
}

const completion = (text: string) => ({ id: text, choices: [{ message: { content: text } }] });
const unavailable = new GatewayError('service_unavailable', { publicMessage: 'Every deployment is down.' });

describe('compareAnswer', () => {
  it("answers with the first listed model that answered, every model's result beside it", () => {
    const results: CallResult[] = [
      { call: call('a', { status: 500, body: { error: { message: 'boom' } } }) },
      { call: call('b', { status: 200, body: completion('from b') }) },
      { call: call('c'), failure: unavailable },
    ];
    const answer = compareAnswer(results);
    expect(answer?.served.call.model).toBe('b');
    expect(answer?.reply.status).toBe(200);
    expect(JSON.parse(answer?.reply.body.toString() ?? '')).toEqual({
      ...completion('from b'),
      llmguard_fan_out: [
        { model: 'a', status: 500, deployment: null, error: { error: { message: 'boom' } } },
        { model: 'b', status: 200, deployment: null, response: completion('from b') },
        {
          model: 'c',
          status: 503,
          deployment: null,
          error: {
            error: {
              message: 'Every deployment is down.',
              type: 'server_error',
              param: null,
              code: 'service_unavailable',
            },
          },
        },
      ],
    });
  });

  it('renders failures in the Anthropic shape for Anthropic clients, and names a degraded model', () => {
    const degraded = call('small', { status: 200, body: { type: 'message' } }, 'anthropic');
    degraded.degradation = { kind: 'fallback-model', requestedModel: 'big' };
    const answer = compareAnswer([
      { call: degraded },
      { call: call('c', undefined, 'anthropic'), failure: unavailable },
    ]);
    const body = JSON.parse(answer?.reply.body.toString() ?? '') as { llmguard_fan_out: unknown[] };
    expect(body.llmguard_fan_out).toEqual([
      { model: 'big', served_model: 'small', status: 200, deployment: null, response: { type: 'message' } },
      {
        model: 'c',
        status: 503,
        deployment: null,
        error: { type: 'error', error: { type: 'overloaded_error', message: 'Every deployment is down.' } },
      },
    ]);
  });

  it('has no answer when no model answered', () => {
    const results: CallResult[] = [
      { call: call('a', { status: 429, body: {} }) },
      { call: call('b'), failure: unavailable },
    ];
    expect(results.some(answered)).toBe(false);
    expect(compareAnswer(results)).toBeUndefined();
  });
});
