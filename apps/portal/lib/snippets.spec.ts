import { describe, expect, it } from 'vitest';
import { buildSnippets, snippetModel } from './snippets';

describe('buildSnippets', () => {
  const snippets = buildSnippets({
    gatewayUrl: 'https://gateway.example.com/',
    apiKey: 'lg_live_secret',
    model: 'demo-chat',
  });

  it('fills the gateway URL (with /v1), the key and the model into each sample', () => {
    expect(snippets.curl).toContain('curl https://gateway.example.com/v1/chat/completions');
    expect(snippets.curl).toContain('Authorization: Bearer lg_live_secret');
    expect(snippets.curl).toContain('"model":"demo-chat"');
    expect(snippets.python).toContain(
      'OpenAI(base_url="https://gateway.example.com/v1", api_key="lg_live_secret")',
    );
    expect(snippets.python).toContain('model="demo-chat"');
    expect(snippets.node).toContain("baseURL: 'https://gateway.example.com/v1', apiKey: 'lg_live_secret'");
    expect(snippets.node).toContain("model: 'demo-chat'");
  });

  it('sends valid JSON with curl', () => {
    const body = /-d '(.*)'$/m.exec(snippets.curl)?.[1];
    expect(JSON.parse(body ?? '')).toEqual({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Hello!' }],
    });
  });
});

describe('snippetModel', () => {
  it('prefers the first model the key may call', () => {
    expect(snippetModel(['demo-chat', 'other'], 'gpt-4o-mini')).toBe('demo-chat');
    expect(snippetModel([], 'gpt-4o-mini')).toBe('gpt-4o-mini');
  });
});
