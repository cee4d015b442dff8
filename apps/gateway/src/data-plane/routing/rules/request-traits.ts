import { headerValue, promptTokensOf, type RequestContext } from '../../pipeline/request-context';
import { promptContainsPii } from './prompt-pii';

/**
 * What routing rules look at in a request. Each trait is computed on first use and kept, so a policy without
 * length rules never tokenizes the prompt, and one whose rules all look at tags never scans the messages.
 */
export type RequestTraits = {
  promptTokens(): number;
  hasTools(): boolean;
  hasImages(): boolean;
  /** The request's metadata: OpenAI's `metadata` object, overlaid by the `x-llmguard-tags` header. */
  metadata(): ReadonlyMap<string, string>;
  /** The input guardrails found personal data in the prompt. */
  containsPii(): boolean;
};

/** The header that tags a request for routing rules in any wire format: `team=search, tier=batch`. */
export const ROUTING_TAGS_HEADER = 'x-llmguard-tags';

export function requestTraits(context: RequestContext): RequestTraits {
  const { body } = context;
  return {
    promptTokens: () => promptTokensOf(context),
    hasTools: once(() => nonEmptyArray(body.tools) || nonEmptyArray(body.functions)),
    hasImages: once(() => hasImageParts(body)),
    metadata: once(() => readMetadata(body.metadata, headerValue(context.headers, ROUTING_TAGS_HEADER))),
    // The input guardrails' finding, or routing's own scan with every detector when they found none.
    containsPii: once(() => context.containsPii || promptContainsPii(context)),
  };
}

function once<T>(compute: () => T): () => T {
  let value: { computed: T } | undefined;
  return () => (value ??= { computed: compute() }).computed;
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

// Image inputs as each wire format writes them: OpenAI chat `image_url` parts, Anthropic `image` blocks, Responses
// API `input_image` parts.
const IMAGE_PART_TYPES = new Set(['image_url', 'image', 'input_image']);

/** Whether any message (chat, messages) or input item (Responses API) carries an image part. */
function hasImageParts(body: Record<string, unknown>): boolean {
  const items = [...asArray(body.messages), ...asArray(body.input)];
  return items.some((item) =>
    asArray((item as { content?: unknown } | null)?.content).some((part) =>
      IMAGE_PART_TYPES.has(String((part as { type?: unknown } | null)?.type)),
    ),
  );
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * OpenAI's `metadata` (string values only), then the header's `key=value` pairs, separated by commas; a bare
 * `key` stands for `key=true`. The header wins: it is how a client tags requests whatever its wire format.
 */
export function readMetadata(bodyMetadata: unknown, header: string | undefined): ReadonlyMap<string, string> {
  const metadata = new Map<string, string>();
  if (typeof bodyMetadata === 'object' && bodyMetadata !== null && !Array.isArray(bodyMetadata)) {
    for (const [key, value] of Object.entries(bodyMetadata))
      if (typeof value === 'string') metadata.set(key, value);
  }
  for (const pair of (header ?? '').split(',')) {
    const separator = pair.indexOf('=');
    const key = (separator < 0 ? pair : pair.slice(0, separator)).trim();
    if (key) metadata.set(key, separator < 0 ? 'true' : pair.slice(separator + 1).trim());
  }
  return metadata;
}
