import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReason } from './gemini.finish-reason';

describe('Gemini finish reasons', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool-calls'],
    ['MAX_TOKENS', false, 'length'],
    ['SAFETY', false, 'content-filter'],
    ['RECITATION', false, 'content-filter'],
    ['BLOCKLIST', false, 'content-filter'],
    ['PROHIBITED_CONTENT', false, 'content-filter'],
    ['SPII', false, 'content-filter'],
    ['IMAGE_SAFETY', false, 'content-filter'],
    ['MALFORMED_FUNCTION_CALL', true, 'error'],
    ['UNEXPECTED_TOOL_CALL', true, 'error'],
    ['LANGUAGE', false, 'other'],
    ['OTHER', false, 'other'],
    ['FINISH_REASON_UNSPECIFIED', false, 'other'],
    ['SOMETHING_NEW', false, 'other'],
    [undefined, false, 'other'],
  ] as const)('maps %s (tool calls: %s) to %s', (raw, hasToolCalls, expected) => {
    expect(mapGeminiFinishReason(raw, hasToolCalls)).toBe(expected);
  });
});
