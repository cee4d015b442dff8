import { describe, expect, it } from 'vitest';
import { fixtureSseEvents } from '../providers/__fixtures__/load-fixture';
import { anthropicAdapter } from '../providers/anthropic.adapter';
import { createRequestContext } from '../pipeline/request-context';
import { openAIWire } from '../wire/openai.wire';
import { translatingExchange } from './translating.exchange';

function newContext() {
  return createRequestContext({
    requestId: 'req_test',
    wire: 'openai',
    endpoint: 'chat/completions',
    headers: {},
    body: { model: 'alias', stream: true, messages: [{ role: 'user', content: 'hi' }] },
  });
}

describe('translating exchange', () => {
  it('meters usage and time to first token from a translated stream', () => {
    const context = newContext();
    const exchange = translatingExchange(openAIWire, anthropicAdapter, context);
    let text = '';
    for (const event of fixtureSseEvents('anthropic-text.chunks.txt'))
      text += exchange.translateStreamEvent(event, context);
    text += exchange.endStream(context);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(context.usageComplete).toBe(true);
    expect(context.usage.outputTokens).toBeGreaterThan(0);
    expect(context.ttftMs).toBeDefined();
    expect(context.outcome).toBe('success');
  });

  it('ends a stream that stopped without its end marker with an error frame, and counts what arrived', () => {
    const context = newContext();
    const exchange = translatingExchange(openAIWire, anthropicAdapter, context);
    const events = fixtureSseEvents('anthropic-text.chunks.txt').filter(
      (event) => event.event !== 'message_delta' && event.event !== 'message_stop',
    );
    for (const event of events) exchange.translateStreamEvent(event, context);
    const closing = exchange.endStream(context);
    expect(JSON.parse(closing.replace(/^data: /, '').split('\n')[0] ?? '')).toMatchObject({
      error: { type: 'api_error' },
    });
    expect(context.outcome).toBe('upstream_error');
    expect(context.usageComplete).toBe(false);
    expect(context.outputText.join('').length).toBeGreaterThan(0);
  });
});
