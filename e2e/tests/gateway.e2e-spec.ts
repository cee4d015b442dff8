import Anthropic from '@anthropic-ai/sdk';
import { expect, test } from '@playwright/test';
import OpenAI from 'openai';

// Traffic through the data plane with the official SDKs, as a tenant's app sends it. They need the
// stack running and the seeded demo key (scripts/test-all.sh exports LLMGUARD_DEMO_KEY).

const demoKey = process.env.LLMGUARD_DEMO_KEY;
const openaiBaseUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080/v1';
const anthropicBaseUrl = process.env.GATEWAY_ANTHROPIC_URL ?? 'http://127.0.0.1:8080';
const MODEL = 'demo-chat';
// Seeded Anthropic-format route (cross-format translation comes with the provider adapters).
const ANTHROPIC_MODEL = 'demo-claude';
const WRONG_KEY = 'llmg_wrong_0000000000000000000000000000';

test.describe('gateway with the official SDKs', () => {
  test.skip(
    !demoKey,
    'LLMGUARD_DEMO_KEY is unset: start the stack (scripts/start-stack.sh) and export its demo key',
  );

  test('OpenAI: a streamed chat completion bills one completion token per content delta', async () => {
    const client = new OpenAI({ baseURL: openaiBaseUrl, apiKey: demoKey, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Say hello to LLMGuard in a few words.' }],
      stream: true,
      stream_options: { include_usage: true },
    });

    let contentDeltas = 0;
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let chunksAfterUsage = 0;
    for await (const chunk of stream) {
      if (usage) chunksAfterUsage += 1;
      const content = chunk.choices[0]?.delta.content;
      if (content) {
        contentDeltas += 1;
        text += content;
      }
      if (chunk.usage) {
        // With include_usage, the usage chunk comes last and carries no choices.
        expect(chunk.choices).toEqual([]);
        usage = chunk.usage;
      }
    }

    expect(contentDeltas).toBeGreaterThan(1);
    expect(text.trim()).not.toBe('');
    expect(usage, 'a final chunk with usage').toBeDefined();
    expect(chunksAfterUsage).toBe(0);
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBe(contentDeltas);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  test('OpenAI: a wrong key is refused with 401', async () => {
    const client = new OpenAI({ baseURL: openaiBaseUrl, apiKey: WRONG_KEY, maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: 'Hello' }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
  });

  test('Anthropic: messages.stream yields text and usage', async () => {
    const client = new Anthropic({ baseURL: anthropicBaseUrl, apiKey: demoKey, maxRetries: 0 });
    const stream = client.messages.stream({
      model: ANTHROPIC_MODEL,
      max_tokens: 128,
      messages: [{ role: 'user', content: 'Say hello to LLMGuard in a few words.' }],
    });

    const textDeltas: string[] = [];
    stream.on('text', (delta) => textDeltas.push(delta));
    const message = await stream.finalMessage();

    expect(textDeltas.length).toBeGreaterThan(0);
    expect(textDeltas.join('').trim()).not.toBe('');
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    expect(text).toBe(textDeltas.join(''));
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  test('Anthropic: a wrong key is refused with 401', async () => {
    const client = new Anthropic({ baseURL: anthropicBaseUrl, apiKey: WRONG_KEY, maxRetries: 0 });
    const error = await client.messages
      .create({ model: ANTHROPIC_MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).status).toBe(401);
  });
});
