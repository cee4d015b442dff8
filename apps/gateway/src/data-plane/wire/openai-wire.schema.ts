import { z } from 'zod';

// The inbound OpenAI chat-completions body. Objects are loose: fields we do not model stay in the
// parsed value, and unknown top-level fields travel on in `providerOptions.openai`.
// @see https://platform.openai.com/docs/api-reference/chat/create

const textPartSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

const imagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: z.string().min(1),
    detail: z.enum(['auto', 'low', 'high']).nullish(),
  }),
});

const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const textContentSchema = z.union([z.string(), z.array(textPartSchema)]);

const toolCallSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function').nullish(),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const messageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContentSchema }),
  z.looseObject({ role: z.literal('developer'), content: textContentSchema }),
  z.looseObject({
    role: z.literal('user'),
    content: z.union([
      z.string(),
      z.array(
        z.discriminatedUnion('type', [textPartSchema, imagePartSchema], {
          error: 'Only text and image_url content parts can be translated to other providers.',
        }),
      ),
    ]),
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z
      .union([z.string(), z.array(z.discriminatedUnion('type', [textPartSchema, refusalPartSchema]))])
      .nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(toolCallSchema).nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: textContentSchema }),
]);

const toolSchema = z.looseObject({
  type: z.literal('function', { error: 'Only function tools can be translated to other providers.' }),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
]);

const responseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const tokenLimitSchema = z.number().int().min(1).nullish();

/** The chat-completions body fields LLMGuard reads. */
export const openAIChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  max_tokens: tokenLimitSchema,
  max_completion_tokens: tokenLimitSchema,
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  n: z.literal(1, { error: 'Only n=1 is supported.' }).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  seed: z.number().int().nullish(),
  response_format: responseFormatSchema.nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  user: z.string().nullish(),
});

export type OpenAIChatRequestBody = z.infer<typeof openAIChatRequestSchema>;
export type OpenAIMessage = OpenAIChatRequestBody['messages'][number];

/** The top-level fields the schema above turns into canonical ones; every other field is passed on. */
export const OPENAI_CANONICAL_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(openAIChatRequestSchema.shape),
);
