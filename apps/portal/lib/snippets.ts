// Ready-to-run calls of the gateway for a new key, in the three forms developers copy most: curl,
// the official OpenAI Python SDK and the official OpenAI Node SDK. The gateway speaks the OpenAI
// wire format at {PUBLIC_GATEWAY_URL}/v1, so the SDKs only need their base URL changed.

export type SnippetLanguage = 'curl' | 'python' | 'node';

export type SnippetInput = {
  /** The data plane's public URL (PUBLIC_GATEWAY_URL), without /v1. */
  gatewayUrl: string;
  /** The secret, or a placeholder such as $LLMGUARD_API_KEY. */
  apiKey: string;
  model: string;
};

export const SNIPPET_LABELS: Record<SnippetLanguage, string> = {
  curl: 'curl',
  python: 'Python',
  node: 'Node.js',
};

/** The model a snippet calls: the key's first allowed model, else the given default. */
export function snippetModel(allowedModels: readonly string[], fallback: string): string {
  return allowedModels[0] ?? fallback;
}

export function buildSnippets({ gatewayUrl, apiKey, model }: SnippetInput): Record<SnippetLanguage, string> {
  const baseUrl = `${gatewayUrl.replace(/\/+$/, '')}/v1`;
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello!' }] });
  return {
    curl: [
      `curl ${baseUrl}/chat/completions \\`,
      `  -H "Authorization: Bearer ${apiKey}" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '${body}'`,
    ].join('\n'),
    python: [
      'from openai import OpenAI',
      '',
      `client = OpenAI(base_url="${baseUrl}", api_key="${apiKey}")`,
      '',
      'completion = client.chat.completions.create(',
      `    model="${model}",`,
      '    messages=[{"role": "user", "content": "Hello!"}],',
      ')',
      'print(completion.choices[0].message.content)',
    ].join('\n'),
    node: [
      "import OpenAI from 'openai';",
      '',
      `const client = new OpenAI({ baseURL: '${baseUrl}', apiKey: '${apiKey}' });`,
      '',
      'const completion = await client.chat.completions.create({',
      `  model: '${model}',`,
      "  messages: [{ role: 'user', content: 'Hello!' }],",
      '});',
      'console.log(completion.choices[0].message.content);',
    ].join('\n'),
  };
}
