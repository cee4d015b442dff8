import type { Endpoint } from '../data-plane/pipeline/request-context';

/** `gen_ai.operation.name` of each endpoint (OpenTelemetry GenAI semantic conventions' well-known values). */
const OPERATION_BY_ENDPOINT: Record<Endpoint, string> = {
  'chat/completions': 'chat',
  messages: 'chat',
  responses: 'chat',
  completions: 'text_completion',
  embeddings: 'embeddings',
  'images/generations': 'generate_content',
  'audio/transcriptions': 'generate_content',
};

/** `gen_ai.provider.name` of each provider adapter. */
const PROVIDER_NAMES: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  azure_openai: 'azure.ai.openai',
  gemini: 'gcp.gemini',
};

export function genAiOperation(endpoint: Endpoint): string {
  return OPERATION_BY_ENDPOINT[endpoint];
}

export function genAiProvider(provider: string | undefined): string {
  return provider ? (PROVIDER_NAMES[provider] ?? provider) : 'none';
}
