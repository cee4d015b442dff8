import { z } from 'zod';

// The inbound Anthropic Messages body. Objects are loose: `cache_control`, `citations` and other
// fields we do not translate are accepted, and unknown top-level fields (thinking, service_tier…)
// travel on in `providerOptions.anthropic`.
// @see https://docs.anthropic.com/en/api/messages

const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

const imageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string().min(1) }),
    z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  ]),
});

const toolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
});

const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z
    .union([z.string(), z.array(z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema]))])
    .nullish(),
  is_error: z.boolean().nullish(),
});

// Thinking blocks of earlier turns are accepted and dropped: other providers cannot take them.
const thinkingBlockSchema = z.looseObject({ type: z.literal('thinking') });
const redactedThinkingBlockSchema = z.looseObject({ type: z.literal('redacted_thinking') });

const contentBlockSchema = z.discriminatedUnion(
  'type',
  [
    textBlockSchema,
    imageBlockSchema,
    toolUseBlockSchema,
    toolResultBlockSchema,
    thinkingBlockSchema,
    redactedThinkingBlockSchema,
  ],
  {
    error:
      'Only text, image, tool_use, tool_result and thinking blocks can be translated to other providers.',
  },
);

const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});

const toolSchema = z.looseObject({
  type: z.literal('custom', { error: 'Only custom tools can be translated to other providers.' }).nullish(),
  name: z.string().min(1),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()),
});

const disableParallel = { disable_parallel_tool_use: z.boolean().nullish() };

const toolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), ...disableParallel }),
  z.looseObject({ type: z.literal('any'), ...disableParallel }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), ...disableParallel }),
  z.looseObject({ type: z.literal('none') }),
]);

/** The Messages body fields LLMGuard reads. */
export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  max_tokens: z.number().int().min(1),
  system: z.union([z.string(), z.array(textBlockSchema)]).nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  output_config: z
    .looseObject({
      format: z
        .looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) })
        .nullish(),
    })
    .nullish(),
});

export type AnthropicMessagesRequestBody = z.infer<typeof anthropicMessagesRequestSchema>;
export type AnthropicMessageParam = AnthropicMessagesRequestBody['messages'][number];
export type AnthropicContentBlock = z.infer<typeof contentBlockSchema>;

/** The top-level fields the schema above turns into canonical ones; every other field is passed on. */
export const ANTHROPIC_CANONICAL_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(anthropicMessagesRequestSchema.shape),
);
