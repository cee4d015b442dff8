import { describe, expect, it } from 'vitest';
import type { CanonicalChatRequest } from '@llmguard/shared';
import {
  assembleStream,
  fixtureJson,
  fixtureSseEvents,
  fixtureText,
  runStreamParser,
  thrownBy,
} from './__fixtures__/load-fixture';
import { geminiAdapter } from './gemini.adapter';
import {
  PLACEHOLDER_THOUGHT_SIGNATURE,
  newGeminiToolCallId,
  thoughtSignatureOf,
} from './gemini.tool-call-id';

const deployment = {
  baseUrl: 'https://generativelanguage.googleapis.com',
  upstreamModel: 'gemini-2.5-flash',
  credential: 'AIza-upstream',
};

const base: CanonicalChatRequest = { model: 'alias', stream: false, messages: [] };

function bodyOf(request: CanonicalChatRequest): Record<string, unknown> {
  return JSON.parse(geminiAdapter.buildRequest(request, deployment).body) as Record<string, unknown>;
}

describe('geminiAdapter.buildRequest', () => {
  it('calls generateContent, or streamGenerateContent with alt=sse, with x-goog-api-key', () => {
    const user = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];
    const plain = geminiAdapter.buildRequest({ ...base, messages: user }, deployment);
    expect(plain.url.href).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(plain.headers['x-goog-api-key']).toBe('AIza-upstream');
    const streamed = geminiAdapter.buildRequest(
      { ...base, stream: true, messages: user },
      { ...deployment, upstreamModel: 'models/gemini-2.5-pro' },
    );
    expect(streamed.url.href).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
  });

  it('builds systemInstruction, contents, function declarations and generationConfig', () => {
    const body = bodyOf({
      ...base,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather here?' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/photo.webp?x=1' } },
          ],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object', additionalProperties: false },
        },
      ],
      toolChoice: { name: 'get_weather' },
      maxOutputTokens: 200,
      temperature: 0.3,
      topP: 0.8,
      topK: 20,
      seed: 5,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      stopSequences: ['STOP!'],
      responseFormat: { type: 'json-schema', name: 'r', schema: { type: 'object' } },
      providerOptions: { gemini: { safetySettings: [] }, openai: { logprobs: true } },
    });
    expect(body).toEqual({
      safetySettings: [],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Weather here?' },
            { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
            { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/photo.webp?x=1' } },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Weather',
              parametersJsonSchema: { type: 'object', additionalProperties: false },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: {
        maxOutputTokens: 200,
        temperature: 0.3,
        topP: 0.8,
        topK: 20,
        stopSequences: ['STOP!'],
        seed: 5,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object' },
      },
    });
  });

  it('maps every tool choice to a function-calling mode', () => {
    const modeOf = (toolChoice: CanonicalChatRequest['toolChoice']) =>
      bodyOf({
        ...base,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
        tools: [{ name: 'f', parameters: {} }],
        toolChoice,
      }).toolConfig;
    expect(modeOf(undefined)).toBeUndefined();
    expect(modeOf('auto')).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(modeOf('required')).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(modeOf('none')).toEqual({ functionCallingConfig: { mode: 'NONE' } });
  });

  it('sends tool calls as functionCall and results as named functionResponse, with thought signatures', () => {
    const signedId = newGeminiToolCallId('EqUCCqI+/9A=');
    const body = bodyOf({
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather and time?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: signedId, name: 'get_weather', arguments: '{"location":"Paris"}' },
            { type: 'tool-call', id: 'toolu_from_claude', name: 'get_time', arguments: '{}' },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: signedId,
              content: [{ type: 'text', text: '{"celsius":18}' }],
            },
            {
              type: 'tool-result',
              toolCallId: 'toolu_from_claude',
              content: [{ type: 'text', text: '14:05' }],
            },
          ],
        },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather and time?' }] },
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'get_weather', args: { location: 'Paris' } },
            thoughtSignature: 'EqUCCqI+/9A=',
          },
          { functionCall: { name: 'get_time', args: {} }, thoughtSignature: PLACEHOLDER_THOUGHT_SIGNATURE },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { celsius: 18 } } },
          { functionResponse: { name: 'get_time', response: { content: '14:05' } } },
        ],
      },
    ]);
  });

  it('refuses a tool result that answers no earlier tool call (Gemini needs the function name)', () => {
    const error = thrownBy(() =>
      bodyOf({
        ...base,
        messages: [
          {
            role: 'tool',
            content: [{ type: 'tool-result', toolCallId: 'nope', content: [{ type: 'text', text: 'x' }] }],
          },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 'invalid_request' });
  });
});

describe('gemini tool-call ids', () => {
  it('carry the thought signature losslessly in an id valid for every client format', () => {
    const signature =
      'EqUCCqICAb4+9vsh8Pd5taZVoPzSvjWWwzBrvhEQWBLCGa7IdY8FBMm7Z6dCKFU3Ft0la15g/7RaHe1NlPRygQ==';
    const id = newGeminiToolCallId(signature);
    expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(thoughtSignatureOf(id)).toBe(signature);
    expect(thoughtSignatureOf(newGeminiToolCallId(undefined))).toBeUndefined();
    expect(thoughtSignatureOf('call_Qk2WmX9vB4tY7nRp3sL8dF1e')).toBeUndefined();
  });
});

describe('geminiAdapter.parseResponse', () => {
  it('reads text and usage: cached tokens inside the prompt count, thoughts inside the output', () => {
    expect(geminiAdapter.parseResponse(fixtureJson('gemini-text.json'))).toEqual({
      id: 'm36LaZGyCLz1xs0PtNSB-QU',
      model: 'gemini-2.5-flash',
      content: [{ type: 'text', text: 'The capital of France is Paris.' }],
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 2061, outputTokens: 53, cachedInputTokens: 2048 },
    });
  });

  it('reads function calls as tool calls and reports tool-calls although Gemini says STOP', () => {
    const response = geminiAdapter.parseResponse(fixtureJson('gemini-tool-call.json'));
    expect(response.finishReason).toBe('tool-calls');
    expect(response.content).toEqual([
      {
        type: 'tool-call',
        id: expect.stringMatching(/^call_/),
        name: 'get_weather',
        arguments: '{"location":"Paris, France","unit":"celsius"}',
      },
      {
        type: 'tool-call',
        id: expect.stringMatching(/^call_/),
        name: 'get_local_time',
        arguments: '{"timezone":"Europe/Paris"}',
      },
    ]);
    const [first] = response.content;
    expect(first?.type === 'tool-call' && thoughtSignatureOf(first.id)).toBe(
      'EqUCCqICAb4+9vsh8Pd5taZVoPzSvjWWwzBrvhEQWBLCGa7IdY8FBMm7Z6dCKFU3Ft0la15g/7RaHe1NlPRygQ==',
    );
    // Gemini omits zero counts: no cachedContentTokenCount means 0 cached.
    expect(response.usage).toEqual({ inputTokens: 112, outputTokens: 124, cachedInputTokens: 0 });
  });

  it('reports a blocked prompt as content-filter with no content', () => {
    const response = geminiAdapter.parseResponse(fixtureJson('gemini-prompt-blocked.json'));
    expect(response).toMatchObject({
      content: [],
      finishReason: 'content-filter',
      rawFinishReason: 'PROHIBITED_CONTENT',
      usage: { inputTokens: 17, outputTokens: 0, cachedInputTokens: 0 },
    });
  });
});

describe('geminiAdapter stream parser', () => {
  it('streams text and ends with the last chunk’s usage, then finish', () => {
    const events = runStreamParser(
      geminiAdapter.createStreamParser(),
      fixtureSseEvents('gemini-text.chunks.txt'),
    );
    expect(events[0]).toEqual({
      type: 'message-start',
      id: 'bH6LaZW8Fp_3nsEPqtaSwQ4',
      model: 'gemini-2.5-flash',
    });
    expect(assembleStream(events).text).toBe('The capital of France is "Paris".\n');
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 2061, outputTokens: 194, cachedInputTokens: 2048 } },
      { type: 'finish', finishReason: 'stop', rawFinishReason: 'STOP' },
    ]);
  });

  it('streams whole function calls as start + one delta each', () => {
    const events = runStreamParser(
      geminiAdapter.createStreamParser(),
      fixtureSseEvents('gemini-tool-call.chunks.txt'),
    );
    const { text, toolCalls, finish } = assembleStream(events);
    expect(text).toBe('Let me look that up.');
    expect(toolCalls.map((call) => [call.name, call.arguments])).toEqual([
      ['get_weather', '{"location":"Paris, France","unit":"celsius"}'],
      ['get_local_time', '{"timezone":"Europe/Paris"}'],
    ]);
    expect(finish?.finishReason).toBe('tool-calls');
  });

  it('turns an error object in the stream into an error event', () => {
    const events = runStreamParser(geminiAdapter.createStreamParser(), [
      { data: '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}' },
    ]);
    expect(events).toEqual([
      { type: 'error', code: 'service_unavailable', message: 'The model is overloaded.' },
    ]);
  });
});

describe('geminiAdapter.parseError', () => {
  it('reads Google errors, also when wrapped in an array', () => {
    const expected = {
      provider: 'gemini',
      status: 429,
      retryable: true,
      type: 'RESOURCE_EXHAUSTED',
      message: 'You exceeded your current quota, please check your plan and billing details.',
    };
    expect(geminiAdapter.parseError(429, {}, fixtureText('gemini-error.json'))).toMatchObject(expected);
    expect(geminiAdapter.parseError(429, {}, `[${fixtureText('gemini-error.json')}]`)).toMatchObject(
      expected,
    );
  });

  it('turns a non-JSON body into an error that keeps the status', () => {
    expect(geminiAdapter.parseError(500, {}, 'upstream connect error')).toMatchObject({
      status: 500,
      retryable: true,
    });
  });
});
