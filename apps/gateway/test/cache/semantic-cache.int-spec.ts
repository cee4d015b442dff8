import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyDocumentInput } from '@llmguard/shared';
import { addRoute, setTenantPolicy } from '../support/fixtures';
import { OWNER_DATABASE_URL } from '../support/test-env';
import { waitForUsageEvent } from '../support/usage-stream';
import { cacheTenant, upstreamCalls, type CacheTenant, useCacheSuite } from './cache-fixtures';

// The semantic cache (pgvector): a reworded question gets the earlier answer, above the policy's threshold; the
// match check keeps near-misses (a negation, another number, the opposite action) from being served it; lookups never
// cross tenants, models or conversation contexts; a tenant's embeddings model can embed instead of the built-in one.

const owner = new pg.Pool({ connectionString: OWNER_DATABASE_URL, max: 1 });
const suite = useCacheSuite([{ EMBEDDING_BATCH_WINDOW_MS: '0' }]);

afterAll(() => owner.end());

const SEMANTIC = { cache: { semantic: { enabled: true, ttlSeconds: 600 } } };

function semanticPolicy(
  semantic: Record<string, unknown>,
  extra: PolicyDocumentInput = {},
): PolicyDocumentInput {
  return { ...extra, cache: { ...extra.cache, semantic: { enabled: true, ttlSeconds: 600, ...semantic } } };
}

async function ask(client: CacheTenant, content: string, system?: string) {
  const messages = [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    { role: 'user' as const, content },
  ];
  const { data, response } = await client.openai.chat.completions
    .create({ model: client.chat, messages })
    .withResponse();
  return {
    text: data.choices[0]?.message.content,
    status: response.headers.get('x-llmguard-cache-status'),
    requestId: response.headers.get('x-request-id') ?? '',
  };
}

/** Waits until the tenant has `count` semantic entries (answers are stored after the response). */
async function entriesStored(client: CacheTenant, count: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await owner.query<{ prompt_text: string | null }>(
      'SELECT prompt_text FROM semantic_cache_entries WHERE tenant_id = $1 ORDER BY created_at',
      [client.tenant.tenantId],
    );
    if (rows.length >= count) return rows;
    if (Date.now() > deadline) throw new Error(`${rows.length} semantic entries, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a reworded question', () => {
  it('gets the earlier answer without an upstream call, metered as a semantic hit; the prompt text is not stored', async () => {
    const client = await cacheTenant(suite, SEMANTIC);
    const first = await ask(client, 'How do I reset my password?');
    expect((await entriesStored(client, 1))[0]?.prompt_text).toBeNull();
    const before = upstreamCalls(suite, 'chat/completions');
    const second = await ask(client, 'how can i reset my password');

    expect(second).toMatchObject({ status: 'semantic', text: first.text });
    expect(upstreamCalls(suite, 'chat/completions')).toBe(before);
    const event = await waitForUsageEvent(suite.redis, second.requestId);
    expect(event).toMatchObject({ cacheHit: 'semantic', inputTokens: 0, deploymentId: null });
    expect(event.cacheHitOutputTokens).toBeGreaterThan(0);
  });

  it('misses below the policy threshold', async () => {
    const client = await cacheTenant(suite, semanticPolicy({ similarityThreshold: 0.99 }));
    await ask(client, 'How do I reset my password?');
    await entriesStored(client, 1);
    expect((await ask(client, 'how can i reset my password')).status).toBe('miss');
  });

  it('keeps the prompt text beside the entry only when storePromptText allows it', async () => {
    const client = await cacheTenant(suite, {
      cache: { ...SEMANTIC.cache, storePromptText: true },
    });
    await ask(client, 'What is the refund policy?');
    expect((await entriesStored(client, 1))[0]?.prompt_text).toBe('What is the refund policy?');
  });
});

describe('near-misses', () => {
  const nearMisses = [
    ['Is it safe to eat raw eggs?', 'Is it not safe to eat raw eggs?'],
    ['List the top 5 programming languages.', 'List the top 10 programming languages.'],
    ['How do I enable two-factor authentication?', 'How do I disable two-factor authentication?'],
  ] as const;

  it('are kept apart by the match check, even at a threshold that lets them through', async () => {
    const client = await cacheTenant(suite, semanticPolicy({ similarityThreshold: 0.5 }));
    for (const [index, [stored, asked]] of nearMisses.entries()) {
      await ask(client, stored);
      await entriesStored(client, index + 1);
      expect((await ask(client, asked)).status).toBe('miss');
      await entriesStored(client, index + 2);
    }
  });

  it('get the wrong answer without the check: what a single threshold does', async () => {
    const client = await cacheTenant(suite, semanticPolicy({ similarityThreshold: 0.5, verifyMatch: false }));
    const [stored, asked] = nearMisses[0];
    const first = await ask(client, stored);
    await entriesStored(client, 1);
    expect(await ask(client, asked)).toMatchObject({ status: 'semantic', text: first.text });
  });
});

describe('scope of a match', () => {
  it('never crosses tenants, even for the same model name and question', async () => {
    const aliases = { chat: `semantic-chat-${Date.now()}`, claude: `semantic-claude-${Date.now()}` };
    const first = await cacheTenant(suite, SEMANTIC, { aliases });
    const second = await cacheTenant(suite, SEMANTIC, { aliases });
    await ask(first, 'What are the opening hours of the museum?');
    await entriesStored(first, 1);
    expect((await ask(first, 'museum opening hours?')).status).toBe('semantic');
    expect((await ask(second, 'museum opening hours?')).status).toBe('miss');
  });

  it('never crosses conversation contexts: another system prompt is another cache', async () => {
    const client = await cacheTenant(suite, SEMANTIC);
    await ask(client, 'What is the refund policy?', 'You answer for the shoe shop.');
    await entriesStored(client, 1);
    expect((await ask(client, 'Tell me the refund policy', 'You answer for the shoe shop.')).status).toBe(
      'semantic',
    );
    expect((await ask(client, 'Tell me the refund policy', 'You answer for the bike shop.')).status).toBe(
      'miss',
    );
  });
});

describe("the tenant's embeddings model", () => {
  it('embeds questions instead of the built-in embedder when the policy names it', async () => {
    const client = await cacheTenant(suite, undefined);
    const embed = client.tenant.alias('embed');
    await addRoute(suite.prisma, client.tenant, {
      alias: embed,
      provider: 'openai',
      baseUrl: `${suite.upstream.url}/v1`,
    });
    await setTenantPolicy(suite.prisma, client.tenant.tenantId, semanticPolicy({ embeddingModel: embed }));
    const before = upstreamCalls(suite, 'embeddings');
    const first = await ask(client, 'Why is the sky blue?');
    await entriesStored(client, 1);
    // The demo upstream's vectors are random per text: only the same question is near (a real model finds rewordings).
    expect(await ask(client, 'Why is the sky blue?')).toMatchObject({ status: 'semantic', text: first.text });
    expect((await ask(client, 'why is the sky blue??')).status).toBe('miss');
    // One embedding per lookup: the first request's lookup, reused to store it, then the two later lookups.
    expect(upstreamCalls(suite, 'embeddings') - before).toBe(3);
  });
});
