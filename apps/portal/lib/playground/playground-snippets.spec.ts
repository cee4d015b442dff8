import { describe, expect, it } from 'vitest';
import { buildChatRequestBody } from './chat-request';
import { buildPlaygroundSnippets } from './playground-snippets';

const body = buildChatRequestBody(
  { model: 'demo-chat', systemPrompt: 'Answer in one line.', temperature: 0.2, maxTokens: 100 },
  [{ role: 'user', content: 'It\'s a "quoted"\nmulti-line prompt' }],
);
const snippets = buildPlaygroundSnippets({ gatewayUrl: 'https://gateway.example.com/', body });

describe('buildPlaygroundSnippets', () => {
  it('never writes the key into the code', () => {
    expect(snippets.curl).toContain('Authorization: Bearer $LLMGUARD_API_KEY');
    expect(snippets.python).toContain('api_key=os.environ["LLMGUARD_API_KEY"]');
    expect(snippets.node).toContain('apiKey: process.env.LLMGUARD_API_KEY');
  });

  it('gives curl the exact request body, quotes and newlines intact, through the shell’s quoting', () => {
    expect(snippets.curl).toContain('curl -N https://gateway.example.com/v1/chat/completions');
    const quoted = /-d '([\s\S]*)'$/.exec(snippets.curl)?.[1] ?? '';
    // What the shell makes of '…'\''…': the quote closes, an escaped quote, the quote reopens.
    expect(JSON.parse(quoted.replaceAll(`'\\''`, "'"))).toEqual(body);
  });

  it('passes the settings and the conversation to both SDKs, streamed', () => {
    for (const code of [snippets.python, snippets.node]) {
      expect(code).toContain('"demo-chat"');
      expect(code).toContain('"content": "Answer in one line."');
      expect(code).toContain(JSON.stringify('It\'s a "quoted"\nmulti-line prompt'));
    }
    expect(snippets.python).toContain('temperature=0.2,');
    expect(snippets.python).toContain('max_tokens=100,');
    expect(snippets.python).toContain('stream=True,');
    expect(snippets.node).toContain('temperature: 0.2,');
    expect(snippets.node).toContain('stream: true,');
    expect(snippets.node).toContain('baseURL: "https://gateway.example.com/v1"');
  });
});
