import { describe, expect, it } from 'vitest';
import { createRequestContext } from '../pipeline/request-context';
import { decodeEscapedText } from './passthrough-adapter';
import { createOpenAIStreamForwarder } from './openai-stream-forwarder';

const chunk = (content: string) =>
  `data: {"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}],"usage":null}\n\n`;
const usageChunk = 'data: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2}}\n\n';
const done = 'data: [DONE]\n\n';

function newContext(includeUsage: boolean) {
  return createRequestContext({
    requestId: 'req_test',
    wire: 'openai',
    endpoint: 'chat/completions',
    headers: {},
    body: { model: 'm', stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) },
  });
}

describe('OpenAI stream forwarder', () => {
  it('forwards whole events byte for byte, holding only a split event until it is complete', () => {
    const context = newContext(true);
    const forwarder = createOpenAIStreamForwarder(context);
    const stream = chunk('Hel') + chunk('lo') + usageChunk + done;
    const cut = chunk('Hel').length + 10;
    const out = forwarder.push(stream.slice(0, cut)) + forwarder.push(stream.slice(cut)) + forwarder.end();
    expect(out).toBe(stream);
    expect(context.usage).toMatchObject({ inputTokens: 7, outputTokens: 2 });
    expect(context.usageComplete).toBe(true);
    expect(context.ttftMs).toBeDefined();
  });

  it('drops the usage-only chunk the gateway asked for when the client did not', () => {
    const context = newContext(false);
    const forwarder = createOpenAIStreamForwarder(context);
    const out = forwarder.push(chunk('Hi') + usageChunk + done) + forwarder.end();
    expect(out).toBe(chunk('Hi') + done);
    expect(context.usage.outputTokens).toBe(2);
  });

  it('accepts CRLF line ends and keeps the generated text for counting when usage never comes', () => {
    const context = newContext(false);
    const forwarder = createOpenAIStreamForwarder(context);
    const out = forwarder.push(chunk('Say "hi"\n').replace(/\n/g, '\r\n'));
    expect(out).toBe(chunk('Say "hi"\n'));
    expect(context.usageComplete).toBe(false);
    expect(decodeEscapedText(context.outputTextEscaped)).toBe('Say "hi"\n');
  });
});
