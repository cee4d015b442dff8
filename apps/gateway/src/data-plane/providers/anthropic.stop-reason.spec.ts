import { describe, expect, it } from 'vitest';
import { FINISH_REASONS } from '@llmguard/shared';
import { mapAnthropicStopReason, toAnthropicStopReason } from './anthropic.stop-reason';

describe('Anthropic stop reasons', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    ['a_reason_added_later', 'other'],
    [null, 'other'],
  ] as const)('maps %s to %s', (raw, expected) => {
    expect(mapAnthropicStopReason(raw)).toBe(expected);
  });

  it('renders every canonical reason as a stop_reason the Anthropic SDK knows', () => {
    expect(FINISH_REASONS.map(toAnthropicStopReason)).toEqual([
      'end_turn',
      'max_tokens',
      'tool_use',
      'refusal',
      'end_turn',
      'end_turn',
    ]);
  });
});
