/**
 * Rewrites the text a model generates: whole texts (JSON answers), or pieces as a stream delivers them, one
 * channel per choice, content block or tool call. A transform may hold back the end of a piece until the next
 * piece of its channel (or the channel's end) shows what it is. `jsonText` marks text that is itself JSON
 * (tool-call arguments), where inserted values must be JSON-escaped.
 */
export type StreamTextTransform = {
  whole(text: string, jsonText: boolean): string;
  push(channel: string, piece: string, jsonText: boolean): string;
  /** What a channel still holds, when it ends. */
  flush(channel: string, jsonText: boolean): string;
  /** Channels holding text whose names start with `prefix`. */
  heldChannels(prefix?: string): string[];
};

/** `first`, then `second` on what `first` lets out (restore placeholders, then scan the restored text). */
export function chainTransforms(
  first: StreamTextTransform,
  second: StreamTextTransform,
): StreamTextTransform {
  return {
    whole: (text, jsonText) => second.whole(first.whole(text, jsonText), jsonText),
    push: (channel, piece, jsonText) => second.push(channel, first.push(channel, piece, jsonText), jsonText),
    flush: (channel, jsonText) =>
      second.push(channel, first.flush(channel, jsonText), jsonText) + second.flush(channel, jsonText),
    heldChannels: (prefix) => [...new Set([...first.heldChannels(prefix), ...second.heldChannels(prefix)])],
  };
}
