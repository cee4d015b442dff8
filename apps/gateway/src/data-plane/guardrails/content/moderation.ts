import { Injectable } from '@nestjs/common';
import type { Guardrails } from '@llmguard/shared';
import { GuardrailModelClient } from '../guardrail-model-client';

type ContentFilter = NonNullable<Guardrails['contentFilter']>;
export type ModerationConfig = NonNullable<ContentFilter['moderation']>;
export type ContentCategory = NonNullable<ContentFilter['blockedCategories']>[number];

/** The moderation model's verdict: the blocked categories it found, or why there is none. */
export type ModerationResult = { categories: ContentCategory[] } | { unavailable: string };

/**
 * OpenAI's moderation categories (and their sub-categories) per policy category.
 * @see https://platform.openai.com/docs/api-reference/moderations/object
 */
const CATEGORY_KEYS: Readonly<Record<ContentCategory, readonly string[]>> = {
  hate: ['hate', 'hate/threatening'],
  harassment: ['harassment', 'harassment/threatening'],
  self_harm: ['self-harm', 'self-harm/intent', 'self-harm/instructions'],
  sexual: ['sexual'],
  sexual_minors: ['sexual/minors'],
  violence: ['violence', 'violence/graphic'],
  illicit: ['illicit', 'illicit/violent'],
};

/**
 * The content filter's category check: the user and tool texts go in one batch to an OpenAI-compatible moderations
 * endpoint behind one of the tenant's routes; a blocked category any result flags is a hit.
 */
@Injectable()
export class ContentModeration {
  constructor(private readonly client: GuardrailModelClient) {}

  async moderate(
    tenantId: string,
    texts: readonly string[],
    blocked: readonly ContentCategory[],
    config: ModerationConfig,
  ): Promise<ModerationResult> {
    const answer = await this.client.post(
      tenantId,
      config.model,
      'moderations',
      (model) => ({ model, input: texts }),
      config.timeoutMs,
    );
    if ('unavailable' in answer) return answer;
    return categoriesOf(answer.json, blocked) ?? { unavailable: 'moderation answer has no results' };
  }
}

/** The blocked categories flagged in a moderations answer; undefined when the answer is not one. */
export function categoriesOf(
  answer: unknown,
  blocked: readonly ContentCategory[],
): ModerationResult | undefined {
  const results = (answer as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return undefined;
  const found = new Set<ContentCategory>();
  for (const result of results as { categories?: Record<string, unknown> }[]) {
    const flags = result?.categories ?? {};
    for (const category of blocked)
      if (CATEGORY_KEYS[category].some((key) => flags[key] === true)) found.add(category);
  }
  return { categories: [...found] };
}
