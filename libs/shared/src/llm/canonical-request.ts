/**
 * The one chat request every client wire format is translated into and every provider adapter
 * translates from. It holds what the providers have in common; anything provider-specific travels
 * in `providerOptions`.
 */

/** A JSON Schema object, passed through to providers as written. */
export type JsonSchema = Record<string, unknown>;

/** Plain text. */
export type CanonicalTextPart = { type: 'text'; text: string };

/** Where an image comes from: a URL the provider fetches, or the bytes inline. */
export type CanonicalImageSource =
  { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string };

/** An image in a user turn or a tool result. `detail` is OpenAI's resolution hint. */
export type CanonicalImagePart = {
  type: 'image';
  source: CanonicalImageSource;
  detail?: 'auto' | 'low' | 'high';
};

/**
 * A tool call the assistant made. `arguments` is JSON text exactly as the model produced it (it may
 * be invalid JSON when generation stopped early); adapters parse it only when their provider needs
 * an object.
 */
export type CanonicalToolCallPart = { type: 'tool-call'; id: string; name: string; arguments: string };

/** The outcome of one tool call, sent back by the client. */
export type CanonicalToolResultPart = {
  type: 'tool-result';
  /** The `id` of the tool call this answers. */
  toolCallId: string;
  content: Array<CanonicalTextPart | CanonicalImagePart>;
  /** The tool failed; Anthropic's `is_error`. */
  isError?: boolean;
};

/** Instructions. Providers without system turns receive them as their system parameter. */
export type CanonicalSystemMessage = { role: 'system'; content: CanonicalTextPart[] };

/** A user turn. */
export type CanonicalUserMessage = { role: 'user'; content: Array<CanonicalTextPart | CanonicalImagePart> };

/** An earlier assistant turn: text and the tool calls it made, in order. */
export type CanonicalAssistantMessage = {
  role: 'assistant';
  content: Array<CanonicalTextPart | CanonicalToolCallPart>;
};

/** Tool results. Consecutive results may share one message or use one each. */
export type CanonicalToolMessage = { role: 'tool'; content: CanonicalToolResultPart[] };

/** One turn of the conversation. */
export type CanonicalMessage =
  CanonicalSystemMessage | CanonicalUserMessage | CanonicalAssistantMessage | CanonicalToolMessage;

/** A function the model may call. */
export type CanonicalTool = {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: JsonSchema;
  /** OpenAI structured-outputs strictness; other providers ignore it. */
  strict?: boolean;
};

/** Whether and which tool the model must call: `{ name }` forces that one tool. */
export type CanonicalToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** Constrains the output to JSON, optionally to one schema. */
export type CanonicalResponseFormat =
  | { type: 'json' }
  | { type: 'json-schema'; name: string; description?: string; schema: JsonSchema; strict?: boolean };

/** The keys of `providerOptions`: one per provider wire format. */
export type ProviderOptionsKey = 'openai' | 'anthropic' | 'gemini';

/**
 * Request fields the canonical type does not model, kept per provider wire format. A wire codec
 * stores the inbound body's unknown fields under its own key (`openai` for chat-completions bodies,
 * `anthropic` for Messages bodies); an adapter merges only its own key into the upstream body, so
 * an OpenAI-only field never reaches Anthropic. Canonical fields win over these on a clash.
 */
export type ProviderOptions = Partial<Record<ProviderOptionsKey, Record<string, unknown>>>;

/** A chat request in the canonical form. */
export type CanonicalChatRequest = {
  /** The model the client asked for (an LLMGuard alias); adapters send the deployment's own model. */
  model: string;
  messages: CanonicalMessage[];
  tools?: CanonicalTool[];
  toolChoice?: CanonicalToolChoice;
  /** `false` asks for at most one tool call per turn. */
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  /** Anthropic and Gemini only. */
  topK?: number;
  /** OpenAI and Gemini only. */
  presencePenalty?: number;
  /** OpenAI and Gemini only. */
  frequencyPenalty?: number;
  stopSequences?: string[];
  /** OpenAI and Gemini only. */
  seed?: number;
  responseFormat?: CanonicalResponseFormat;
  stream: boolean;
  /** The client's end-user id (OpenAI `user`, Anthropic `metadata.user_id`). */
  endUser?: string;
  providerOptions?: ProviderOptions;
};
