import type { EventSourceMessage } from 'eventsource-parser';
import {
  encodeSseEvent,
  eventMappingForwarder,
  type StreamForwarder,
} from '../passthrough/passthrough-adapter';
import type { WireFormat } from '../pipeline/request-context';
import { rewritingStreamForwarder, type StreamRefusal } from './rewrite-response';
import { chainTransforms, type StreamTextTransform } from './stream-text-transform';

// OpenAI: a choice that finishes (finish_reason is null until then), or a Responses stream's last event.
const OPENAI_ENDING = /"finish_reason":\s*"|"type":\s*"response\.(?:completed|incomplete|failed)"/;
// Anthropic: the stop reason and the end of the message.
const ANTHROPIC_ENDING: ReadonlySet<string> = new Set(['message_delta', 'message_stop']);

/**
 * A stream whose answer the moderation model judges once it is complete. Tokens a client has received cannot be
 * taken back, and holding the whole answer until it is judged would take streaming away (and a window held back
 * per N characters would judge fragments, where a category often shows only in the whole). So text flows as it
 * comes, and only the stream's ending is held: from the first event that finishes a choice or the message (OpenAI
 * `finish_reason` and `[DONE]`, Anthropic `message_delta` and `message_stop`) everything waits for the verdict.
 * A refused answer then ends with an error event instead of its finish, which the SDKs raise as an error, and
 * nothing that ended the stream normally reached the client.
 */
export class ModeratedStream {
  private readonly texts = new Map<string, string>();
  private held = '';
  private ending = false;

  constructor(private readonly wire: WireFormat) {}

  /** Wraps the client-facing forwarder (and the answer's rewriting transform, if any) to collect and hold. */
  forwarder(
    inner: StreamForwarder,
    transform: StreamTextTransform | undefined,
    refusal?: StreamRefusal,
  ): StreamForwarder {
    const collector = this.collector();
    const rewriting = rewritingStreamForwarder(
      inner,
      this.wire,
      transform ? chainTransforms(transform, collector) : collector,
      refusal,
    );
    // The rewriting forwarder re-encodes its events (and may add some), so its output is parsed again to hold the
    // ending: a second parse, only for streams whose answers are moderated.
    return eventMappingForwarder(rewriting, (event) => this.route(event));
  }

  /** The generated text so far, one entry per choice, content block or tool call. */
  generatedTexts(): string[] {
    return [...this.texts.values()].filter((text) => text.trim().length > 0);
  }

  /** The held ending, handed over once. */
  takeHeld(): string {
    const held = this.held;
    this.held = '';
    return held;
  }

  /** Lets an event out, or holds it when it (or one before it) ends the stream. */
  private route(event: EventSourceMessage): string {
    const text = encodeSseEvent(event);
    this.ending ||= this.isEnding(event);
    if (this.ending) {
      this.held += text;
      return '';
    }
    return text;
  }

  private isEnding(event: EventSourceMessage): boolean {
    if (this.wire === 'anthropic') return ANTHROPIC_ENDING.has(event.event ?? '');
    return event.data === '[DONE]' || OPENAI_ENDING.test(event.data);
  }

  /** A transform that changes nothing and keeps what each channel lets out. */
  private collector(): StreamTextTransform {
    const keep = (channel: string, piece: string) => {
      if (piece) this.texts.set(channel, (this.texts.get(channel) ?? '') + piece);
      return piece;
    };
    return {
      // Whole texts inside stream events repeat what the deltas carried (a Responses `done` event).
      whole: (text) => text,
      push: (channel, piece) => keep(channel, piece),
      flush: () => '',
      heldChannels: () => [],
    };
  }
}
