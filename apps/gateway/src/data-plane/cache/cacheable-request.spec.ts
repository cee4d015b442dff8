import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../pipeline/request-context';
import { cacheableRequest, canonicalJson } from './cacheable-request';

const RULES = { maxTemperature: 1, allowTools: false };

function keyOf(endpoint: Endpoint, body: Record<string, unknown>, rules = RULES) {
  return cacheableRequest({ endpoint, body, model: String(body.model) }, rules)?.hash;
}

const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt',
  messages: [{ role: 'user', content: 'Hello' }],
  ...extra,
});

describe('cacheableRequest', () => {
  it('keys a request by what decides its answer, not by how it is delivered', () => {
    const key = keyOf('chat/completions', chat());
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(
      keyOf('chat/completions', chat({ stream: true, stream_options: { include_usage: true }, user: 'u1' })),
    ).toBe(key);
    expect(keyOf('chat/completions', chat({ temperature: 0 }))).not.toBe(key);
    expect(keyOf('chat/completions', chat({ max_tokens: 10 }))).not.toBe(key);
    expect(keyOf('chat/completions', chat({ messages: [{ role: 'user', content: 'Hello!' }] }))).not.toBe(
      key,
    );
    expect(keyOf('chat/completions', chat({ model: 'other' }))).not.toBe(key);
  });

  it('gives the same prompt the same key in the OpenAI and the Anthropic format', () => {
    const openai = keyOf('chat/completions', chat({ max_tokens: 20 }));
    const anthropic = keyOf('messages', {
      model: 'gpt',
      max_tokens: 20,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(anthropic).toBe(openai);
  });

  it('leaves out what a cached answer cannot reproduce or the policy calls too random', () => {
    expect(keyOf('chat/completions', chat({ n: 2 }))).toBeUndefined();
    expect(keyOf('chat/completions', chat({ logprobs: true }))).toBeUndefined();
    expect(keyOf('chat/completions', chat({ temperature: 1.2 }))).toBeUndefined();
    expect(keyOf('chat/completions', chat(), { ...RULES, maxTemperature: 0.5 })).toBeUndefined();
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    expect(keyOf('chat/completions', chat({ tools }))).toBeUndefined();
    expect(keyOf('chat/completions', chat({ tools }), { ...RULES, allowTools: true })).toBeDefined();
    expect(keyOf('embeddings', { model: 'e', input: 'x' })).toBeUndefined();
    expect(keyOf('chat/completions', { model: 'gpt', messages: 'not a list' })).toBeUndefined();
  });
});

describe('canonicalJson', () => {
  it('writes equal values as equal text, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });
});
