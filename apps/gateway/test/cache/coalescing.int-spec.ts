import { describe, expect, it } from 'vitest';
import { waitForUsageEvent } from '../support/usage-stream';
import { cacheTenant, freshPrompt, upstreamCalls, type CacheTenant, useCacheSuite } from './cache-fixtures';

// Request coalescing: identical cacheable requests in flight at once share one upstream call; when the call fails,
// the waiting requests are not failed with it but go on (one of them upstream, the others waiting for it). And the
// degradation path: with every deployment down, the policy's serveCached answers from the exact cache, stale or not.

const suite = useCacheSuite([{ ROUTING_HEALTH_PROBES: 'false' }]);

const EXACT = { cache: { exact: { enabled: true, ttlSeconds: 600 } } };

/** One chat completion, streamed or not; resolves with its text and the gateway's headers. */
async function ask(
  client: CacheTenant,
  content: string,
  options: { stream?: boolean; headers?: Record<string, string> },
) {
  const messages = [{ role: 'user' as const, content }];
  if (options.stream) {
    const { data, response } = await client.openai.chat.completions
      .create({ model: client.chat, messages, stream: true }, { headers: options.headers })
      .withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    return {
      text,
      status: response.headers.get('x-llmguard-cache-status'),
      requestId: response.headers.get('x-request-id') ?? '',
    };
  }
  const { data, response } = await client.openai.chat.completions
    .create({ model: client.chat, messages }, { headers: options.headers })
    .withResponse();
  return {
    text: data.choices[0]?.message.content ?? '',
    status: response.headers.get('x-llmguard-cache-status'),
    requestId: response.headers.get('x-request-id') ?? '',
  };
}

describe('identical concurrent requests', () => {
  it('make one upstream call; every client gets its answer, streamed or not, the others metered as hits', async () => {
    const client = await cacheTenant(suite, EXACT);
    const prompt = freshPrompt('Everyone asks this');
    const slow = { 'x-demo-ttft-ms': '400' };
    const before = upstreamCalls(suite, 'chat/completions');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        ask(client, prompt, { stream: index % 2 === 1, headers: slow }),
      ),
    );

    expect(upstreamCalls(suite, 'chat/completions') - before).toBe(1);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array(7).fill('coalesced'), 'miss']);
    const events = await Promise.all(
      answers.map((answer) => waitForUsageEvent(suite.redis, answer.requestId)),
    );
    expect(events.filter((event) => event.cacheHit === 'exact')).toHaveLength(7);
    expect(events.filter((event) => event.cacheHit === 'none' && event.inputTokens > 0)).toHaveLength(1);
  });

  it('go on without the first when its call fails: one more upstream call serves the rest', async () => {
    const client = await cacheTenant(suite, EXACT);
    const prompt = freshPrompt('The first one breaks');
    const before = upstreamCalls(suite, 'chat/completions');
    // The first streams slowly and is cut half-way by the upstream; the others arrive while it streams.
    const failing = ask(client, prompt, {
      stream: true,
      headers: { 'x-demo-itl-ms': '60', 'x-demo-fail': 'disconnect' },
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const others = await Promise.all(Array.from({ length: 4 }, () => ask(client, prompt, {})));
    await failing;

    expect(upstreamCalls(suite, 'chat/completions') - before).toBe(2);
    expect(others.map((answer) => answer.status).sort()).toEqual([
      'coalesced',
      'coalesced',
      'coalesced',
      'miss',
    ]);
    expect(new Set(others.map((answer) => answer.text)).size).toBe(1);
  });
});

describe('routing.degradation.serveCached', () => {
  it('answers from the exact cache, stale answers included, when every deployment of the model fails', async () => {
    const client = await cacheTenant(suite, {
      cache: { exact: { enabled: true, ttlSeconds: 1 } },
      routing: { degradation: { serveCached: true } },
    });
    const prompt = freshPrompt('Keep answering when down');
    const first = await ask(client, prompt, {});
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const { data, response } = await client.openai.chat.completions
      .create(
        { model: client.chat, messages: [{ role: 'user', content: prompt }] },
        { headers: { 'x-demo-fail': '500' } },
      )
      .withResponse();
    expect(data.choices[0]?.message.content).toBe(first.text);
    expect(response.headers.get('x-llmguard-degraded')).toBe('cached-answer');
    expect(response.headers.get('x-llmguard-cache-status')).toBe('stale');
    const event = await waitForUsageEvent(suite.redis, response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({ cacheHit: 'exact', deploymentId: null, inputTokens: 0, costMicros: 0 });
  });
});
