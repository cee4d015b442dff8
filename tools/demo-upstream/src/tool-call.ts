// Decides whether a request gets a tool call instead of text, and builds that call deterministically:
// the chosen tool (the named one, else the first) with small example arguments from its schema.
import { newId } from './ids.js';
import { asArray, asString, asciiJson, isObject, type JsonObject } from './json.js';
import { countTextTokens, tokenPieces } from './tokenizer.js';
import { exampleValue, toObjectProperty } from './tool-schema.js';

export type ToolSpec = { name: string; description: string | undefined; parameters: unknown };

export type ToolCall = {
  id: string;
  name: string;
  /** The complete arguments JSON (ASCII only, so every token piece is valid text). */
  arguments: string;
  /** The arguments split into o200k tokens: one piece per streamed delta. */
  argumentPieces: readonly string[];
  /** Tokens of the function name, counted as output with the call's first delta. */
  nameTokens: number;
};

/** OpenAI `tools` entries of type "function". */
export function openAiTools(body: JsonObject): ToolSpec[] {
  const specs: ToolSpec[] = [];
  for (const tool of asArray(body.tools) ?? []) {
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) continue;
    const name = asString(tool.function.name);
    if (name)
      specs.push({
        name,
        description: asString(tool.function.description),
        parameters: tool.function.parameters,
      });
  }
  return specs;
}

/** Anthropic client tools (server tools such as web search have no input_schema and are skipped). */
export function anthropicTools(body: JsonObject): ToolSpec[] {
  const specs: ToolSpec[] = [];
  for (const tool of asArray(body.tools) ?? []) {
    if (!isObject(tool) || !isObject(tool.input_schema)) continue;
    const name = asString(tool.name);
    if (name) specs.push({ name, description: asString(tool.description), parameters: tool.input_schema });
  }
  return specs;
}

function pick(specs: readonly ToolSpec[], wanted: string | undefined): ToolSpec | null {
  return specs.find((s) => s.name === wanted) ?? specs[0] ?? null;
}

function lastMessage(body: JsonObject): JsonObject | undefined {
  const messages = asArray(body.messages) ?? [];
  const last = messages[messages.length - 1];
  return isObject(last) ? last : undefined;
}

/** OpenAI: call a tool when tools are offered, tool_choice is not "none" and the user spoke last. */
export function chooseOpenAiTool(body: JsonObject): ToolSpec | null {
  const specs = openAiTools(body);
  if (specs.length === 0 || body.tool_choice === 'none' || lastMessage(body)?.role !== 'user') return null;
  const choice = body.tool_choice;
  const wanted = isObject(choice) && isObject(choice.function) ? asString(choice.function.name) : undefined;
  return pick(specs, wanted);
}

/** Anthropic: same rule; a user turn that carries tool_result blocks is an answer to a call, not a new ask. */
export function chooseAnthropicTool(body: JsonObject): ToolSpec | null {
  const specs = anthropicTools(body);
  const choice = isObject(body.tool_choice) ? body.tool_choice : {};
  const last = lastMessage(body);
  if (specs.length === 0 || choice.type === 'none' || last?.role !== 'user') return null;
  const hasToolResult = (asArray(last.content) ?? []).some((b) => isObject(b) && b.type === 'tool_result');
  if (hasToolResult) return null;
  return pick(specs, choice.type === 'tool' ? asString(choice.name) : undefined);
}

export function buildToolCall(spec: ToolSpec, idPrefix: string): ToolCall {
  const args = asciiJson(exampleValue(toObjectProperty(spec.parameters)));
  return {
    id: newId(idPrefix),
    name: spec.name,
    arguments: args,
    argumentPieces: tokenPieces(args),
    nameTokens: countTextTokens(spec.name),
  };
}
