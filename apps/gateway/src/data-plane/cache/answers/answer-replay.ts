import { Readable } from 'node:stream';
import type { CanonicalChatResponse, CanonicalStreamEvent } from '@llmguard/shared';
import type { Exchange } from '../../exchange/exchange';
import { asRecord } from '../../passthrough/passthrough-adapter';
import type { RequestContext } from '../../pipeline/request-context';
import type { UpstreamReply } from '../../pipeline/upstream-reply';
import { anthropicWire } from '../../wire/anthropic.wire';
import { openAIWire } from '../../wire/openai.wire';

/**
 * A cached answer as the client's wire format sends it: a JSON body, or for a stream request the SSE events a live
 * answer would have had (the whole text in one delta). The answer gets the request's own id, as any new answer does.
 */
export function replayAnswer(
  response: CanonicalChatResponse,
  context: Pick<RequestContext, 'wire' | 'stream' | 'model' | 'requestId' | 'body'>,
): UpstreamReply {
  const codec = context.wire === 'anthropic' ? anthropicWire : openAIWire;
  const fresh = { ...response, id: '' };
  if (!context.stream) {
    const body = codec.renderResponse(fresh, { model: context.model, requestId: context.requestId });
    return {
      kind: 'json',
      status: 200,
      body: Buffer.from(JSON.stringify(body)),
      headers: { 'content-type': 'application/json' },
    };
  }
  const encoder = codec.createStreamEncoder({
    model: context.model,
    requestId: context.requestId,
    includeUsage: asRecord(context.body.stream_options).include_usage === true,
  });
  const text = toStreamEvents(fresh)
    .map((event) => encoder.encode(event))
    .join('');
  return { kind: 'stream', status: 200, body: Readable.from([Buffer.from(text)]), exchange: REPLAY_EXCHANGE };
}

/** The canonical events of a complete answer, in the order a stream parser emits them. */
export function toStreamEvents(response: CanonicalChatResponse): CanonicalStreamEvent[] {
  const events: CanonicalStreamEvent[] = [{ type: 'message-start', id: response.id, model: response.model }];
  let toolIndex = 0;
  for (const part of response.content) {
    if (part.type === 'text') {
      events.push({ type: 'text-delta', delta: part.text });
      continue;
    }
    const index = toolIndex++;
    events.push({ type: 'tool-call-start', index, id: part.id, name: part.name });
    events.push({ type: 'tool-call-delta', index, argumentsDelta: part.arguments });
  }
  events.push({ type: 'usage', usage: response.usage });
  events.push({
    type: 'finish',
    finishReason: response.finishReason,
    rawFinishReason: response.rawFinishReason,
  });
  return events;
}

const noUpstream = (): never => {
  throw new Error('a cached answer has no upstream');
};

/** The responder forwards a replayed stream as it is: the text is already in the client's format. */
const REPLAY_EXCHANGE: Exchange = {
  kind: 'passthrough',
  buildRequest: noUpstream,
  readResponse: noUpstream,
  readError: noUpstream,
  translateStreamEvent: () => '',
  createStreamForwarder: () => ({ push: (text) => text, end: () => '' }),
  endStream: () => '',
};
