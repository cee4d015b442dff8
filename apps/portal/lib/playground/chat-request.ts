import { z } from 'zod';
import type { FieldErrors } from '../forms';

// What the playground sends: one OpenAI chat-completions request built from the settings panel and
// the conversation so far. The gateway translates it for Anthropic-format models, so the playground
// speaks one wire format whatever the model. The limits below only catch typing mistakes early; the
// gateway and the model server have the last word (their `param` errors land on the same fields).

/** One message of the conversation as the playground keeps it (the system prompt is separate). */
export type ChatTurn = { role: 'user' | 'assistant'; content: string };

export type PlaygroundSettings = {
  model: string;
  systemPrompt: string;
  temperature: number;
  maxTokens: number;
};

export type SettingsField = 'model' | 'systemPrompt' | 'temperature' | 'maxTokens';

export const TEMPERATURE_MIN = 0;
export const TEMPERATURE_MAX = 2;
export const MAX_TOKENS_MAX = 131_072;

export const DEFAULT_SETTINGS: Omit<PlaygroundSettings, 'model'> = {
  systemPrompt: '',
  temperature: 1,
  maxTokens: 1024,
};

const settingsSchema = z.object({
  model: z.string().min(1, 'Pick a model.'),
  systemPrompt: z.string(),
  temperature: z
    .number({ error: 'Enter a number from 0 to 2.' })
    .min(TEMPERATURE_MIN, 'Use 0 or more.')
    .max(TEMPERATURE_MAX, 'Use 2 or less.'),
  maxTokens: z
    .number({ error: 'Enter a whole number of tokens.' })
    .int('Enter a whole number of tokens.')
    .min(1, 'Use at least 1 token.')
    .max(MAX_TOKENS_MAX, `Use at most ${MAX_TOKENS_MAX.toLocaleString('en-US')} tokens.`),
});

/** The settings' mistakes by field; empty when they can be sent. */
export function validateSettings(settings: PlaygroundSettings): FieldErrors<SettingsField> {
  const result = settingsSchema.safeParse(settings);
  if (result.success) return {};
  const errors: FieldErrors<SettingsField> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as SettingsField;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A number typed in a field, or NaN for an empty or partial entry (so validation names it). */
export function parseNumberInput(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** The OpenAI chat-completions body: streamed, with usage in the last chunk. */
export function buildChatRequestBody(settings: PlaygroundSettings, turns: readonly ChatTurn[]) {
  const system = settings.systemPrompt.trim();
  return {
    model: settings.model,
    messages: [...(system ? [{ role: 'system' as const, content: system }] : []), ...turns],
    temperature: settings.temperature,
    max_tokens: settings.maxTokens,
    stream: true as const,
    // The gateway strips the usage chunk unless the client asks for it.
    stream_options: { include_usage: true },
  };
}

export type ChatRequestBody = ReturnType<typeof buildChatRequestBody>;

/** The settings field an OpenAI error's `param` points at, if it is one the panel shows. */
export function settingsFieldOfParam(param: string | undefined): SettingsField | undefined {
  switch (param) {
    case 'model':
      return 'model';
    case 'temperature':
      return 'temperature';
    case 'max_tokens':
    case 'max_completion_tokens':
      return 'maxTokens';
    default:
      return undefined;
  }
}

/** A default model for the playground: the first that does not look like an embeddings or media model. */
export function defaultChatModel(models: readonly string[]): string {
  return models.find((model) => !/embed|whisper|tts|dall-e|image|moderation/i.test(model)) ?? models[0] ?? '';
}
