import { describe, expect, it } from 'vitest';
import { GatewayError } from '@llmguard/shared';
import { createRequestContext, type Endpoint } from '../../pipeline/request-context';
import { FAN_OUT_MODELS_MAX, readFanOutRequest } from './fan-out-request';

function request(
  headers: Record<string, string>,
  body: Record<string, unknown> = {},
  endpoint: Endpoint = 'chat/completions',
) {
  return createRequestContext({
    requestId: 'req_1',
    wire: endpoint === 'messages' ? 'anthropic' : 'openai',
    endpoint,
    headers,
    body: { model: 'a', ...body },
  });
}

function refusalOf(headers: Record<string, string>, body?: Record<string, unknown>, endpoint?: Endpoint) {
  try {
    readFanOutRequest(request(headers, body, endpoint));
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('readFanOutRequest', () => {
  it('leaves a request without the header alone', () => {
    expect(readFanOutRequest(request({}))).toBeUndefined();
  });

  it("calls the body's model first, then the header's, once each, in compare mode by default", () => {
    expect(readFanOutRequest(request({ 'x-llmguard-fan-out': ' b, a ,c,,b' }))).toEqual({
      mode: 'compare',
      models: ['a', 'b', 'c'],
    });
    expect(
      readFanOutRequest(
        request({ 'x-llmguard-fan-out': 'b', 'x-llmguard-fan-out-mode': 'First' }, {}, 'messages'),
      ),
    ).toEqual({ mode: 'first', models: ['a', 'b'] });
  });

  it('streams only in first mode', () => {
    expect(refusalOf({ 'x-llmguard-fan-out': 'b' }, { stream: true }).publicMessage).toContain(
      'cannot stream',
    );
    expect(
      readFanOutRequest(
        request({ 'x-llmguard-fan-out': 'b', 'x-llmguard-fan-out-mode': 'first' }, { stream: true }),
      ),
    ).toMatchObject({ mode: 'first' });
  });

  it('refuses (400) an unknown mode, a lone model, too many models and endpoints it cannot combine', () => {
    const cases = [
      refusalOf({ 'x-llmguard-fan-out': 'b', 'x-llmguard-fan-out-mode': 'fastest' }),
      refusalOf({ 'x-llmguard-fan-out': 'a' }),
      refusalOf({
        'x-llmguard-fan-out': Array.from({ length: FAN_OUT_MODELS_MAX }, (_, i) => `m${i}`).join(','),
      }),
      refusalOf({ 'x-llmguard-fan-out': 'b' }, {}, 'embeddings'),
    ];
    expect(cases.map((error) => [error.status, error.code])).toEqual(Array(4).fill([400, 'invalid_request']));
    expect(cases[0]?.publicMessage).toContain('`compare` or `first`');
    expect(cases[1]?.publicMessage).toContain('at least one model besides');
    expect(cases[2]?.publicMessage).toContain(`at most ${FAN_OUT_MODELS_MAX} models`);
    expect(cases[3]?.publicMessage).toContain('/v1/chat/completions');
  });
});
