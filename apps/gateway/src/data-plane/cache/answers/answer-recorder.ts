import { createParser, type EventSourceParser } from 'eventsource-parser';
import type {
  CanonicalChatResponse,
  CanonicalStreamEvent,
  CanonicalTextPart,
  CanonicalToolCallPart,
  FinishReason,
} from '@llmguard/shared';
import type { AnswerTap, RequestContext } from '../../pipeline/request-context';
import type { ProviderAdapter, StreamParser } from '../../providers/provider-adapter';
import { providerAdapterFor } from '../../providers/provider-registry';

/**
 * Records the answer a client gets, in the client's own wire format (OpenAI and Anthropic answers are read by the
 * provider adapter of the same format), and hands it over once the request is over: the canonical response of a
 * complete, successful answer from the model asked for, or undefined (an error, a cut stream, a client that left, a
 * degraded request). The metered usage replaces whatever usage the client saw (a stream may not have shown it).
 */
export function createAnswerRecorder(
  context: Pick<RequestContext, 'wire'>,
  onEnd: (response: CanonicalChatResponse | undefined, context: RequestContext) => void,
): AnswerTap {
  const adapter = providerAdapterFor(context.wire === 'anthropic' ? 'anthropic' : 'openai');
  let answer: CanonicalChatResponse | undefined;
  let stream: StreamAssembly | undefined;
  let ended = false;
  return {
    json(status, body) {
      if (status === 200) answer = parseAnswer(adapter, body);
    },
    streamText(text) {
      stream ??= new StreamAssembly(adapter.createStreamParser());
      stream.feed(text);
    },
    end(requestContext) {
      if (ended) return;
      ended = true;
      const response = answer ?? stream?.result();
      const usable =
        response &&
        requestContext.outcome === 'success' &&
        requestContext.status === 200 &&
        !requestContext.clientGone &&
        !requestContext.degradation &&
        requestContext.usageComplete;
      onEnd(usable ? withUsage(response, requestContext) : undefined, requestContext);
    },
  };
}

function parseAnswer(adapter: ProviderAdapter, body: Buffer): CanonicalChatResponse | undefined {
  try {
    return adapter.parseResponse(JSON.parse(body.toString('utf8')));
  } catch {
    return undefined;
  }
}

function withUsage(response: CanonicalChatResponse, context: RequestContext): CanonicalChatResponse {
  const { usage } = context;
  return {
    ...response,
    usage: {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cachedInputTokens: usage.cachedInputTokens,
    },
  };
}

/** Builds a complete answer from a stream's canonical events; none when the stream failed or never finished. */
class StreamAssembly {
  private readonly parser: EventSourceParser;
  private id = '';
  private model = '';
  private readonly content: Array<CanonicalTextPart | CanonicalToolCallPart> = [];
  private readonly toolCalls = new Map<number, CanonicalToolCallPart>();
  private finish: { reason: FinishReason; raw: string | undefined } | undefined;
  private failed = false;

  constructor(parse: StreamParser) {
    this.parser = createParser({ onEvent: (event) => parse(event).forEach((item) => this.add(item)) });
  }

  feed(text: string): void {
    this.parser.feed(text);
  }

  result(): CanonicalChatResponse | undefined {
    if (this.failed || !this.finish) return undefined;
    return {
      id: this.id,
      model: this.model,
      content: this.content,
      finishReason: this.finish.reason,
      rawFinishReason: this.finish.raw,
      usage: { inputTokens: undefined, outputTokens: undefined, cachedInputTokens: undefined },
    };
  }

  private add(event: CanonicalStreamEvent): void {
    switch (event.type) {
      case 'message-start':
        this.id = event.id;
        this.model = event.model;
        return;
      case 'text-delta': {
        const last = this.content.at(-1);
        if (last?.type === 'text') last.text += event.delta;
        else this.content.push({ type: 'text', text: event.delta });
        return;
      }
      case 'tool-call-start': {
        const call: CanonicalToolCallPart = {
          type: 'tool-call',
          id: event.id,
          name: event.name,
          arguments: '',
        };
        this.toolCalls.set(event.index, call);
        this.content.push(call);
        return;
      }
      case 'tool-call-delta': {
        const call = this.toolCalls.get(event.index);
        if (call) call.arguments += event.argumentsDelta;
        return;
      }
      case 'finish':
        this.finish = { reason: event.finishReason, raw: event.rawFinishReason };
        return;
      case 'error':
        this.failed = true;
        return;
      case 'usage':
        return;
      default:
        event satisfies never;
    }
  }
}
