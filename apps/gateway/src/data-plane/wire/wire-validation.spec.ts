import { describe, expect, it } from 'vitest';
import { formatParam } from './wire-validation';

describe('formatParam', () => {
  it('writes paths the way OpenAI names params', () => {
    expect(formatParam(['messages', 1, 'content'])).toBe('messages[1].content');
    expect(formatParam(['tools', 0, 'function', 'name'])).toBe('tools[0].function.name');
    expect(formatParam(['max_tokens'])).toBe('max_tokens');
    expect(formatParam([])).toBe('');
  });
});
