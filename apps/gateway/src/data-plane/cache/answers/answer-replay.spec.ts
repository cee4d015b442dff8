import { describe, expect, it } from 'vitest';
import type { CanonicalChatResponse } from '@llmguard/shared';
import { createRequestContext, type RequestContext, type WireFormat } from '../../pipeline/request-context';
import { createAnswerRecorder } from './answer-recorder';
import { replayAnswer } from './answer-replay';

const answer: CanonicalChatResponse = {
  id: 'chatcmpl-original',
  model: 'demo-model-1',
  content: [
    { type: 'text', text: 'Let me look that up.' },
    { type: 'tool-call', id: 'call_1', name: 'lookup', arguments: '{"q":"weather"}' },
  ],
  finishReason: 'tool-calls',
  usage: { inputTokens: 12, outputTokens: 9, cachedInputTokens: 0 },
};

function request(wire: WireFormat, stream: boolean): RequestContext {
  const context = createRequestContext({
    requestId: 'req_replay',
    wire,
    endpoint: wire === 'anthropic' ? 'messages' : 'chat/completions',
    headers: {},
    body: { model: 'alias', stream, stream_options: { include_usage: true } },
  });
  context.usage = { inputTokens: 12, outputTokens: 9, cachedInputTokens: 0 };
  context.usageComplete = true;
  return context;
}

/** Replays the answer to a request, records what the client got, and returns what the recorder would store. */
async function roundTrip(wire: WireFormat, stream: boolean): Promise<CanonicalChatResponse | undefined> {
  const context = request(wire, stream);
  let recorded: CanonicalChatResponse | undefined;
  const tap = createAnswerRecorder(context, (response) => {
    recorded = response;
  });
  const reply = replayAnswer(answer, context);
  if (reply.kind === 'json') tap.json(reply.status, reply.body);
  else for await (const chunk of reply.body) tap.streamText((chunk as Buffer).toString('utf8'));
  tap.end(context);
  return recorded;
}

describe('a cached answer', () => {
  it.each([
    ['openai', false],
    ['openai', true],
    ['anthropic', false],
    ['anthropic', true],
  ] as const)(
    'replays in the %s format (stream: %s) as the same answer, text and tool calls',
    async (wire, stream) => {
      expect(await roundTrip(wire, stream)).toMatchObject({
        content: answer.content,
        finishReason: 'tool-calls',
        usage: answer.usage,
      });
    },
  );

  it('is named after the request that gets it, not the one that made it', () => {
    const reply = replayAnswer(answer, request('openai', false));
    expect(reply.kind === 'json' && JSON.parse(reply.body.toString())).toMatchObject({
      id: 'chatcmpl-req_replay',
      model: 'alias',
    });
  });
});

describe('the answer recorder', () => {
  it('stores nothing from a failed, cut or degraded request', () => {
    const stored: unknown[] = [];
    for (const spoil of [
      (context: RequestContext) => (context.outcome = 'upstream_error'),
      (context: RequestContext) => (context.clientGone = true),
      (context: RequestContext) => (context.degradation = { kind: 'fallback-model', requestedModel: 'big' }),
      (context: RequestContext) => (context.usageComplete = false),
    ]) {
      const context = request('openai', false);
      const tap = createAnswerRecorder(context, (response) => stored.push(response));
      const reply = replayAnswer(answer, context);
      if (reply.kind === 'json') tap.json(200, reply.body);
      spoil(context);
      tap.end(context);
    }
    expect(stored).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('stores nothing from a stream that ended without finishing', () => {
    const context = request('openai', true);
    let stored: unknown = 'not called';
    const tap = createAnswerRecorder(context, (response) => (stored = response));
    tap.streamText('data: {"id":"x","choices":[{"index":0,"delta":{"content":"Half"}}]}\n\n');
    tap.end(context);
    expect(stored).toBeUndefined();
  });
});
