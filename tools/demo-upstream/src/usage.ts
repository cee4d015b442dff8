// Prompt-side token accounting. Completion tokens need no counting here: the reply is built from
// o200k tokens (reply.ts, tool-call.ts), so output tokens are simply the pieces sent.
import {
  computeChatCompletionTokenCount,
  FUNCTION_CALL_METADATA_TOKEN_OVERHEAD,
  type ChatCompletionFunctionCallOption,
  type ChatMessage,
} from 'gpt-tokenizer/functionCalling';
import { asArray, asString, isObject, type JsonObject } from './json.js';
import { anthropicContentText, openAiContentText } from './prompt-text.js';
import { countTextTokens } from './tokenizer.js';
import { toFunctionDefinition } from './tool-schema.js';
import { openAiTools } from './tool-call.js';

type FunctionCall = { name: string; arguments: string };

function toolCallsOf(message: JsonObject): FunctionCall[] {
  const calls: FunctionCall[] = [];
  for (const call of asArray(message.tool_calls) ?? []) {
    if (!isObject(call) || !isObject(call.function)) continue;
    calls.push({
      name: asString(call.function.name) ?? '',
      arguments: asString(call.function.arguments) ?? '',
    });
  }
  return calls;
}

function functionCallOption(toolChoice: unknown): ChatCompletionFunctionCallOption | undefined {
  if (toolChoice === 'none') return 'none';
  if (isObject(toolChoice) && isObject(toolChoice.function)) {
    const name = asString(toolChoice.function.name);
    if (name) return { name };
  }
  return undefined;
}

/**
 * OpenAI chat prompt tokens, the way OpenAI bills the gpt-4o family (OpenAI cookbook,
 * "How to count tokens with tiktoken"), via gpt-tokenizer's implementation of it:
 *   3 per message (<|im_start|>, <|im_sep|>, <|im_end|>) + tokens(role) + tokens(content)
 *   + tokens(name) + 1 when a name is set, + 3 priming the reply (<|im_start|>assistant<|im_sep|>).
 * Tool definitions add the library's estimate (rendered as a TypeScript namespace + 9), and an
 * assistant tool call adds tokens(name) + tokens(arguments) + 3.
 */
export function countOpenAiChatPrompt(body: JsonObject): number {
  const messages: ChatMessage[] = [];
  let extra = 0;
  for (const m of asArray(body.messages) ?? []) {
    if (!isObject(m)) continue;
    const message: ChatMessage = { role: asString(m.role) ?? 'user', content: openAiContentText(m.content) };
    const name = asString(m.name);
    if (name) message.name = name;
    const [first, ...rest] = toolCallsOf(m);
    if (first) message.function_call = first;
    // The library models one function_call per message; parallel calls are counted alike by hand.
    for (const call of rest) {
      extra +=
        countTextTokens(call.name) + countTextTokens(call.arguments) + FUNCTION_CALL_METADATA_TOKEN_OVERHEAD;
    }
    messages.push(message);
  }
  const functions = openAiTools(body).map((t) => toFunctionDefinition(t.name, t.description, t.parameters));
  return (
    computeChatCompletionTokenCount(
      { messages, functions, function_call: functionCallOption(body.tool_choice) },
      countTextTokens,
    ) + extra
  );
}

function systemText(system: unknown): string {
  return typeof system === 'string' ? system : anthropicContentText(system);
}

/**
 * Anthropic input tokens: o200k tokens of the system prompt plus the text of every message
 * (tool_use input JSON and tool_result text included). Claude's own tokenizer is not public and
 * its per-message overhead is undocumented, so this is an approximation that is exact about itself.
 */
export function countAnthropicInput(body: JsonObject): number {
  let total = countTextTokens(systemText(body.system));
  for (const m of asArray(body.messages) ?? []) {
    if (isObject(m)) total += countTextTokens(anthropicContentText(m.content));
  }
  return total;
}

/**
 * Legacy completions `prompt` and embeddings `input`: a string, strings, a token array, or token
 * arrays. Strings are tokenized; token arrays count one per element.
 */
export function countPlainInput(input: unknown): number {
  if (typeof input === 'string') return countTextTokens(input);
  const items = asArray(input) ?? [];
  if (items.every((x) => typeof x === 'number')) return items.length;
  return items.reduce<number>((sum, item) => sum + countPlainInput(item), 0);
}
