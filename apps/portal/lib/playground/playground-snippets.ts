import type { SnippetLanguage } from '../snippets';
import type { ChatRequestBody } from './chat-request';

// "View code": the playground's current request as curl, the OpenAI Python SDK and the OpenAI Node
// SDK, streamed like the playground streams it. The key is never written into the code: it reads
// LLMGUARD_API_KEY from the environment, so a snippet can be shared or pasted into a ticket safely.

export const API_KEY_ENV = 'LLMGUARD_API_KEY';

export type PlaygroundSnippetInput = {
  /** The data plane's public URL (PUBLIC_GATEWAY_URL), without /v1. */
  gatewayUrl: string;
  body: ChatRequestBody;
};

export function buildPlaygroundSnippets({
  gatewayUrl,
  body,
}: PlaygroundSnippetInput): Record<SnippetLanguage, string> {
  const baseUrl = `${gatewayUrl.replace(/\/+$/, '')}/v1`;
  return {
    curl: curlSnippet(baseUrl, body),
    python: pythonSnippet(baseUrl, body),
    node: nodeSnippet(baseUrl, body),
  };
}

function curlSnippet(baseUrl: string, body: ChatRequestBody): string {
  // Single quotes keep the shell away from the JSON; a quote inside it is closed, escaped, reopened.
  const json = JSON.stringify(body, null, 2).replaceAll("'", `'\\''`);
  return [
    `curl -N ${baseUrl}/chat/completions \\`,
    `  -H "Authorization: Bearer $${API_KEY_ENV}" \\`,
    '  -H "Content-Type: application/json" \\',
    `  -d '${json}'`,
  ].join('\n');
}

function pythonSnippet(baseUrl: string, body: ChatRequestBody): string {
  return [
    'import os',
    '',
    'from openai import OpenAI',
    '',
    `client = OpenAI(base_url=${JSON.stringify(baseUrl)}, api_key=os.environ["${API_KEY_ENV}"])`,
    '',
    'stream = client.chat.completions.create(',
    `    model=${JSON.stringify(body.model)},`,
    // JSON of strings, numbers, lists and objects is also a Python literal.
    `    messages=${indentAfterFirstLine(JSON.stringify(body.messages, null, 4), '    ')},`,
    `    temperature=${body.temperature},`,
    `    max_tokens=${body.max_tokens},`,
    '    stream=True,',
    '    stream_options={"include_usage": True},',
    ')',
    'for chunk in stream:',
    '    if chunk.choices:',
    '        print(chunk.choices[0].delta.content or "", end="", flush=True)',
    '    if chunk.usage:',
    '        print(f"\\n\\n{chunk.usage.prompt_tokens} input, {chunk.usage.completion_tokens} output tokens")',
  ].join('\n');
}

function nodeSnippet(baseUrl: string, body: ChatRequestBody): string {
  return [
    "import OpenAI from 'openai';",
    '',
    `const client = new OpenAI({ baseURL: ${JSON.stringify(baseUrl)}, apiKey: process.env.${API_KEY_ENV} });`,
    '',
    'const stream = await client.chat.completions.create({',
    `  model: ${JSON.stringify(body.model)},`,
    `  messages: ${indentAfterFirstLine(JSON.stringify(body.messages, null, 2), '  ')},`,
    `  temperature: ${body.temperature},`,
    `  max_tokens: ${body.max_tokens},`,
    '  stream: true,',
    '  stream_options: { include_usage: true },',
    '});',
    'for await (const chunk of stream) {',
    "  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');",
    '  if (chunk.usage) console.log(`\\n\\n${chunk.usage.prompt_tokens} input, ${chunk.usage.completion_tokens} output tokens`);',
    '}',
  ].join('\n');
}

function indentAfterFirstLine(text: string, indent: string): string {
  return text.replaceAll('\n', `\n${indent}`);
}
