import { describe, expect, it } from 'vitest';
import { GatewayError, toGatewayError } from './gateway-error';
import { renderAnthropicError, renderApiError, renderOpenAIError } from './render-errors';

describe('error renderers', () => {
  const error = new GatewayError('invalid_api_key', {
    publicMessage: 'Incorrect API key provided.',
    internalMessage: 'hash abc not found',
  });

  it('renders the OpenAI shape with the status from the code table', () => {
    expect(error.status).toBe(401);
    expect(renderOpenAIError(error)).toEqual({
      error: {
        message: 'Incorrect API key provided.',
        type: 'authentication_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });

  it('renders the Anthropic shape', () => {
    expect(renderAnthropicError(error)).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'Incorrect API key provided.' },
    });
  });

  it('renders the control-plane shape with the request id', () => {
    expect(renderApiError(error, 'req_1').error).toMatchObject({
      code: 'invalid_api_key',
      requestId: 'req_1',
    });
  });

  it('never leaks the internal message of an unknown error', () => {
    const wrapped = toGatewayError(new Error('password=hunter2'));
    expect(wrapped.status).toBe(500);
    expect(JSON.stringify(renderOpenAIError(wrapped))).not.toContain('hunter2');
  });
});
