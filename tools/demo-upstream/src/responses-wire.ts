// Pieces of the Responses API wire format: the response object, its message item and usage.
import { isObject, type JsonObject } from './json.js';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete';

/** What identifies one response and is echoed back from its request. */
export type ResponseFrame = {
  id: string;
  itemId: string;
  createdAt: number;
  model: string;
  body: JsonObject;
};

export function outputTextPart(text: string): object {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

export function messageItem(itemId: string, status: ResponseStatus, content: readonly object[]): object {
  return { id: itemId, type: 'message', status, content, role: 'assistant' };
}

export function responsesUsage(inputTokens: number, outputTokens: number): object {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

const orDefault = <T>(value: unknown, isValid: (v: unknown) => v is T, fallback: T): T =>
  isValid(value) ? value : fallback;
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isString = (v: unknown): v is string => typeof v === 'string';

/** The response object, as `create` returns it and as stream events carry it. */
export function responseObject(
  frame: ResponseFrame,
  status: ResponseStatus,
  output: readonly object[],
  usage: object | null,
): object {
  const { body } = frame;
  return {
    id: frame.id,
    object: 'response',
    created_at: frame.createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: orDefault(body.instructions, isString, null),
    max_output_tokens: orDefault(body.max_output_tokens, isNumber, null),
    model: frame.model,
    output,
    parallel_tool_calls: orDefault(body.parallel_tool_calls, isBoolean, true),
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: orDefault(body.store, isBoolean, true),
    temperature: orDefault(body.temperature, isNumber, 1),
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: orDefault(body.top_p, isNumber, 1),
    truncation: 'disabled',
    usage,
    user: null,
    metadata: isObject(body.metadata) ? body.metadata : {},
  };
}
