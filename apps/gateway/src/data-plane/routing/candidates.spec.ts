import { describe, expect, it } from 'vitest';
import { contextWindowOf, hasLargerContext } from './candidates';
import { deployment } from './strategies/__fixtures__/routing';

describe('context windows', () => {
  it('reads a context:<tokens> tag and falls back only to a known larger window', () => {
    const small = deployment('small', { tags: ['local', 'context:8192'] });
    const large = deployment('large', { priority: 1, tags: ['context:128000'] });
    const unknown = deployment('unknown', { priority: 1 });
    expect(contextWindowOf(small)).toBe(8192);
    expect(contextWindowOf(unknown)).toBeUndefined();
    expect(hasLargerContext(large, small)).toBe(true);
    expect(hasLargerContext(small, large)).toBe(false);
    expect(hasLargerContext(unknown, small)).toBe(false);
    expect(hasLargerContext(large, unknown)).toBe(false);
  });
});
