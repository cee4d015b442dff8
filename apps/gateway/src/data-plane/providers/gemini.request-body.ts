import {
  GatewayError,
  type CanonicalChatRequest,
  type CanonicalImagePart,
  type CanonicalMessage,
  type CanonicalTextPart,
  type CanonicalToolCallPart,
  type CanonicalToolChoice,
  type CanonicalToolResultPart,
} from '@llmguard/shared';
import { PLACEHOLDER_THOUGHT_SIGNATURE, thoughtSignatureOf } from './gemini.tool-call-id';
import {
  asRecord,
  assertUnreachable,
  parseArgumentsObject,
  safeParseJson,
  isRecord,
} from './translation.helpers';

type GeminiPart = Record<string, unknown>;
type GeminiContent = { role: 'user' | 'model'; parts: GeminiPart[] };

/**
 * Canonical request → Gemini `generateContent` body: `contents` of `user`/`model` turns, system
 * turns as `systemInstruction`, tools as `functionDeclarations` with their JSON Schema unchanged
 * (`parametersJsonSchema`), sampling in `generationConfig`. Gemini has no end-user field and no
 * parallel-tool switch; those are dropped.
 * @see https://ai.google.dev/api/generate-content#request-body
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 */
export function buildGeminiBody(request: CanonicalChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request.providerOptions?.gemini };
  const system = request.messages.flatMap((message) =>
    message.role === 'system' ? message.content.map((part) => ({ text: part.text })) : [],
  );
  if (system.length > 0) body.systemInstruction = { parts: system };
  body.contents = toGeminiContents(request.messages);
  if (request.tools?.length) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parametersJsonSchema: { type: 'object', ...tool.parameters },
        })),
      },
    ];
    if (request.toolChoice !== undefined) {
      body.toolConfig = { functionCallingConfig: toFunctionCallingConfig(request.toolChoice) };
    }
  }
  const generationConfig = generationConfigOf(request);
  if (Object.keys(generationConfig).length > 0) {
    body.generationConfig = { ...asRecord(body.generationConfig), ...generationConfig };
  }
  return body;
}

function generationConfigOf(request: CanonicalChatRequest): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stopSequences?.length) config.stopSequences = request.stopSequences;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  if (request.responseFormat) {
    config.responseMimeType = 'application/json';
    if (request.responseFormat.type === 'json-schema')
      config.responseJsonSchema = request.responseFormat.schema;
  }
  return config;
}

function toGeminiContents(messages: CanonicalMessage[]): GeminiContent[] {
  // Function responses name the function; canonical tool results only carry the call id.
  const toolNames = new Map<string, string>();
  const result: GeminiContent[] = [];
  for (const message of messages) {
    let content: GeminiContent | undefined;
    switch (message.role) {
      case 'system':
        break;
      case 'user':
        content = { role: 'user', parts: message.content.flatMap(toGeminiPart) };
        break;
      case 'assistant':
        content = { role: 'model', parts: message.content.flatMap((part) => toModelPart(part, toolNames)) };
        break;
      case 'tool':
        content = { role: 'user', parts: message.content.map((part) => toFunctionResponse(part, toolNames)) };
        break;
      default:
        assertUnreachable(message);
    }
    if (!content || content.parts.length === 0) continue;
    const previous = result.at(-1);
    if (previous?.role === content.role) previous.parts.push(...content.parts);
    else result.push(content);
  }
  return result;
}

function toGeminiPart(part: CanonicalTextPart | CanonicalImagePart): GeminiPart[] {
  if (part.type === 'text') return part.text === '' ? [] : [{ text: part.text }];
  const { source } = part;
  if (source.kind === 'base64') return [{ inlineData: { mimeType: source.mediaType, data: source.data } }];
  // Gemini fetches only some URLs itself (File API, Cloud Storage, public web URLs on newer models).
  return [{ fileData: { mimeType: imageMimeType(source.url), fileUri: source.url } }];
}

function toModelPart(
  part: CanonicalTextPart | CanonicalToolCallPart,
  toolNames: Map<string, string>,
): GeminiPart[] {
  if (part.type === 'text') return part.text === '' ? [] : [{ text: part.text }];
  const args = parseArgumentsObject(part.arguments);
  if (!args) {
    throw new GatewayError('invalid_request', {
      publicMessage: `The arguments of tool call \`${part.id}\` are not a JSON object, which Gemini models require.`,
    });
  }
  toolNames.set(part.id, part.name);
  return [
    {
      functionCall: { name: part.name, args },
      thoughtSignature: thoughtSignatureOf(part.id) ?? PLACEHOLDER_THOUGHT_SIGNATURE,
    },
  ];
}

function toFunctionResponse(part: CanonicalToolResultPart, toolNames: Map<string, string>): GeminiPart {
  const name = toolNames.get(part.toolCallId);
  if (!name) {
    throw new GatewayError('invalid_request', {
      publicMessage: `The tool result for \`${part.toolCallId}\` does not answer any earlier tool call in the conversation.`,
    });
  }
  if (part.content.some((content) => content.type === 'image')) {
    throw new GatewayError('invalid_request', {
      publicMessage: `The result of tool call \`${part.toolCallId}\` contains an image, which Gemini does not accept in function responses.`,
    });
  }
  const text = (part.content as CanonicalTextPart[]).map((content) => content.text).join('\n');
  // Gemini wants an object: a JSON-object result goes as is, anything else under `content`.
  const parsed = safeParseJson(text);
  const response = isRecord(parsed) ? parsed : { content: text };
  return { functionResponse: { name, response: part.isError ? { error: response } : response } };
}

/**
 * Canonical tool choice → Gemini function-calling mode.
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 */
function toFunctionCallingConfig(choice: CanonicalToolChoice): Record<string, unknown> {
  if (typeof choice === 'object') return { mode: 'ANY', allowedFunctionNames: [choice.name] };
  switch (choice) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'required':
      return { mode: 'ANY' };
    case 'none':
      return { mode: 'NONE' };
    default:
      return assertUnreachable(choice);
  }
}

const IMAGE_MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

/** `fileData` needs a MIME type; it is guessed from the URL's extension, JPEG otherwise. */
function imageMimeType(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return (extension && IMAGE_MIME_TYPES[extension]) || 'image/jpeg';
}
