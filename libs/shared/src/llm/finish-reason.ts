/**
 * Why the model stopped generating, in one vocabulary for every provider. Provider values map onto
 * it in each adapter (e.g. Anthropic `tool_use` → `tool-calls`, Gemini `SAFETY` → `content-filter`).
 * - `stop`: a natural end or a stop sequence.
 * - `length`: the output-token limit (or the context window) was reached.
 * - `tool-calls`: the model asked for one or more tool calls.
 * - `content-filter`: a safety system stopped or refused the output.
 * - `error`: the provider reported a failure while generating.
 * - `other`: any reason without a better match, including ones a provider adds later.
 */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** Every finish reason, for exhaustive tests and validation. */
export const FINISH_REASONS: readonly FinishReason[] = [
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'error',
  'other',
];
