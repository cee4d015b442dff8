import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { buildToolCall, chooseAnthropicTool, chooseOpenAiTool, type ToolSpec } from './tool-call.js';

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 3 },
        verbose: { type: 'boolean' },
        where: { type: 'object', properties: { lat: { type: 'number' } }, required: ['lat'] },
      },
      required: ['city', 'unit', 'days', 'where'],
    },
  },
};
const other = { type: 'function', function: { name: 'noop' } };
const user = { role: 'user', content: 'weather?' };

describe('tool calls', () => {
  it('fills required arguments from the schema, one o200k token per piece', () => {
    const spec: ToolSpec = {
      name: 'get_weather',
      description: undefined,
      parameters: weather.function.parameters,
    };
    const call = buildToolCall(spec, 'call_');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'demo', unit: 'celsius', days: 3, where: { lat: 1 } });
    expect(call.argumentPieces.join('')).toBe(call.arguments);
    expect(call.argumentPieces).toHaveLength(encode(call.arguments).length);
    expect(call.nameTokens).toBe(encode('get_weather').length);
    expect(call.id).toMatch(/^call_/);
  });

  it('OpenAI: first tool (or the named one) when the user spoke last and tool_choice is not none', () => {
    expect(chooseOpenAiTool({ messages: [user], tools: [weather, other] })?.name).toBe('get_weather');
    const named = { type: 'function', function: { name: 'noop' } };
    expect(chooseOpenAiTool({ messages: [user], tools: [weather, other], tool_choice: named })?.name).toBe(
      'noop',
    );
    expect(chooseOpenAiTool({ messages: [user], tools: [weather], tool_choice: 'none' })).toBeNull();
    expect(
      chooseOpenAiTool({ messages: [user, { role: 'tool', content: '{}' }], tools: [weather] }),
    ).toBeNull();
    expect(chooseOpenAiTool({ messages: [user] })).toBeNull();
  });

  it('Anthropic: a user turn of tool results is answered with text', () => {
    const tools = [{ name: 'lookup', input_schema: { type: 'object' } }];
    expect(chooseAnthropicTool({ messages: [user], tools })?.name).toBe('lookup');
    expect(chooseAnthropicTool({ messages: [user], tools, tool_choice: { type: 'none' } })).toBeNull();
    const results = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'sunny' }] };
    expect(chooseAnthropicTool({ messages: [user, results], tools })).toBeNull();
  });
});
