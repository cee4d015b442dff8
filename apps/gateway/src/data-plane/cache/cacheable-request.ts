import { createHash } from 'node:crypto';
import type { CanonicalChatRequest } from '@llmguard/shared';
import { guardrailsRewriteAnswer } from '../guardrails/response-guardrails';
import type { RequestContext } from '../pipeline/request-context';
import { anthropicWire } from '../wire/anthropic.wire';
import { openAIWire } from '../wire/openai.wire';
import type { RequestCacheSettings } from './cache-settings';

/** A request whose answer may come from, and go to, the answer caches. */
export type CacheableRequest = {
  /** SHA-256 (hex) of the canonical request: the exact cache's key within the tenant. */
  hash: string;
  canonical: CanonicalChatRequest;
};

// Request fields that change how an answer is delivered or accounted, never what it says.
const DELIVERY_ONLY_OPTIONS: ReadonlySet<string> = new Set([
  'stream_options',
  'user',
  'metadata',
  'store',
  'service_tier',
  'prompt_cache_key',
  'safety_identifier',
]);

/**
 * The request as the caches see it, or undefined when it may not use them: only chat answers (OpenAI chat
 * completions, Anthropic messages), only one choice without log probabilities (a cached answer holds one choice and
 * no token details), and only deterministic enough ones: temperature at most the policy's (a request without one
 * counts as 1, the providers' default), tools only when the policy allows them. A body the wire codec refuses is not
 * cached either: the upstream gets it and answers as it does. Nor is a request whose answer the guardrails rewrite
 * (placeholders restored, output masked): that answer carries this request's personal data.
 */
export function cacheableRequest(
  context: Pick<RequestContext, 'endpoint' | 'body' | 'model' | 'placeholders' | 'outputGuardrails'>,
  settings: Pick<RequestCacheSettings, 'maxTemperature' | 'allowTools'>,
): CacheableRequest | undefined {
  const { body } = context;
  const codec =
    context.endpoint === 'chat/completions'
      ? openAIWire
      : context.endpoint === 'messages'
        ? anthropicWire
        : null;
  if (!codec || guardrailsRewriteAnswer(context)) return undefined;
  if ((typeof body.n === 'number' && body.n > 1) || body.logprobs === true || body.top_logprobs != null) {
    return undefined;
  }
  const temperature = typeof body.temperature === 'number' ? body.temperature : 1;
  if (temperature > settings.maxTemperature) return undefined;
  if (Array.isArray(body.tools) && body.tools.length > 0 && !settings.allowTools) return undefined;
  let canonical: CanonicalChatRequest;
  try {
    canonical = codec.toCanonical(body);
  } catch {
    return undefined;
  }
  return { hash: sha256Of(answerKeyFields(canonical, context.model)), canonical };
}

/**
 * What decides the answer: the model alias and everything canonical but the delivery (stream, end user, and the
 * provider options that only steer delivery or accounting). The same prompt in the OpenAI and the Anthropic format
 * has the same key.
 */
export function answerKeyFields(canonical: CanonicalChatRequest, model: string): Record<string, unknown> {
  const { stream: _stream, endUser: _endUser, providerOptions, ...fields } = canonical;
  const options: Record<string, Record<string, unknown>> = {};
  for (const [provider, values] of Object.entries(providerOptions ?? {})) {
    const kept = Object.entries(values).filter(([name]) => !DELIVERY_ONLY_OPTIONS.has(name));
    if (kept.length > 0) options[provider] = Object.fromEntries(kept);
  }
  return { ...fields, model, providerOptions: options };
}

/** SHA-256 (hex) of a value's canonical JSON. */
export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with object keys sorted at every depth and undefined fields left out: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
