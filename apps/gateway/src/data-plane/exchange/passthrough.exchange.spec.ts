import { describe, expect, it } from 'vitest';
import { usageOnly } from './passthrough.exchange';

describe('usageOnly', () => {
  it('reads the top-level usage object without parsing the answer', () => {
    const body = Buffer.from(
      JSON.stringify({
        choices: [{ message: { content: 'a "usage":{ lookalike } and {braces}' } }],
        usage: { prompt_tokens: 3, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 1 } },
      }),
    );
    expect(usageOnly(body)).toEqual({
      usage: { prompt_tokens: 3, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 1 } },
    });
  });

  it('gives up (so the caller parses everything) when there is no usage object', () => {
    expect(usageOnly(Buffer.from('{"choices":[]}'))).toBeUndefined();
    expect(usageOnly(Buffer.from('{"usage":{"prompt_tokens":'))).toBeUndefined();
  });
});
