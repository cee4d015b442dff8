import type { ErrorCode } from '../errors';
import type { FinishReason } from './finish-reason';
import type { CanonicalUsage } from './usage';

/**
 * One event of a streamed answer, named noun then verb. A stream parser emits them in this order:
 * `message-start` once; then any number of `text-delta`, `tool-call-start` and `tool-call-delta`;
 * then at most one `usage` (the call's totals, or the latest totals when a provider reports several
 * times); then `finish`, which is always the last event. `error` can come at any point and ends the
 * stream. Encoders rely on this order: they write their closing frames on `finish`.
 */
export type CanonicalStreamEvent =
  | { type: 'message-start'; id: string; model: string }
  | { type: 'text-delta'; delta: string }
  /** A new tool call; `index` counts tool calls from 0 in the order they start. */
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  /** More JSON text of the arguments of tool call `index`. */
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'usage'; usage: CanonicalUsage }
  | { type: 'finish'; finishReason: FinishReason; rawFinishReason?: string }
  /** The provider failed mid-stream; `code` picks the client-facing error type. */
  | { type: 'error'; code: ErrorCode; message: string };

/** The `type` of each stream event. */
export type CanonicalStreamEventType = CanonicalStreamEvent['type'];
