import type { FinishReason } from '@llmguard/shared';

/**
 * Gemini `finishReason` → canonical. Gemini reports `STOP` after function calls too, so the caller
 * says whether the answer holds any, which turns `STOP` into `tool-calls`.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export function mapGeminiFinishReason(
  finishReason: string | null | undefined,
  hasToolCalls: boolean,
): FinishReason {
  switch (finishReason) {
    case 'STOP':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
      return 'error';
    case 'LANGUAGE':
    case 'OTHER':
    case 'FINISH_REASON_UNSPECIFIED':
      return 'other';
    default:
      return 'other';
  }
}
