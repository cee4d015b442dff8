import { describe, expect, it } from 'vitest';
import { FINISH_REASONS } from '@llmguard/shared';
import { mapOpenAIFinishReason, toOpenAIFinishReason } from './openai.finish-reason';

describe('OpenAI finish reasons', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['eos', 'other'],
    [null, 'other'],
    [undefined, 'other'],
  ] as const)('maps %s to %s', (raw, expected) => {
    expect(mapOpenAIFinishReason(raw)).toBe(expected);
  });

  it('renders every canonical reason as a value the openai SDK knows', () => {
    expect(FINISH_REASONS.map(toOpenAIFinishReason)).toEqual([
      'stop',
      'length',
      'tool_calls',
      'content_filter',
      'stop',
      'stop',
    ]);
  });

  it('round-trips the reasons both formats share', () => {
    for (const reason of ['stop', 'length', 'tool-calls', 'content-filter'] as const) {
      expect(mapOpenAIFinishReason(toOpenAIFinishReason(reason))).toBe(reason);
    }
  });
});
