/** An embeddings request the gateway may answer from its vector cache and batch with others. */
export type EmbeddingsRequest = {
  inputs: string[];
  dimensions: number | undefined;
  encodingFormat: 'float' | 'base64';
};

// Fields that change how vectors are delivered or accounted, never which vectors they are.
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'input',
  'dimensions',
  'encoding_format',
  'user',
]);

/** Most inputs one request may send (OpenAI's limit). */
export const EMBEDDING_INPUTS_MAX = 2_048;

/**
 * Reads an OpenAI embeddings body the vector cache and the batcher understand: text inputs (a string or a list of
 * non-empty strings), optional `dimensions` and `encoding_format`. Anything else (token-array inputs, fields we do not
 * know, values the upstream should refuse) is undefined: the request then goes upstream unchanged and the upstream
 * answers it as it would.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function readEmbeddingsRequest(body: Record<string, unknown>): EmbeddingsRequest | undefined {
  if (Object.keys(body).some((field) => !KNOWN_FIELDS.has(field))) return undefined;
  const { input, dimensions, encoding_format: format } = body;
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > EMBEDDING_INPUTS_MAX) return undefined;
  if (!inputs.every((item): item is string => typeof item === 'string' && item !== '')) return undefined;
  if (dimensions !== undefined && !(Number.isSafeInteger(dimensions) && (dimensions as number) > 0)) {
    return undefined;
  }
  if (format !== undefined && format !== 'float' && format !== 'base64') return undefined;
  return {
    inputs,
    dimensions: dimensions as number | undefined,
    encodingFormat: format ?? 'float',
  };
}

/** The OpenAI answer to an embeddings request, in the order of its inputs. */
export function renderEmbeddings(
  vectors: readonly Float32Array[],
  options: { model: string; encodingFormat: 'float' | 'base64'; promptTokens: number },
): Record<string, unknown> {
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: options.encodingFormat === 'base64' ? toBase64(vector) : Array.from(vector),
    })),
    model: options.model,
    usage: { prompt_tokens: options.promptTokens, total_tokens: options.promptTokens },
  };
}

/** OpenAI's `encoding_format: "base64"`: the float32 values, little-endian, base64-encoded. */
export function toBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let index = 0; index < vector.length; index += 1) bytes.writeFloatLE(vector[index] ?? 0, index * 4);
  return bytes.toString('base64');
}

export function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const vector = new Float32Array(Math.floor(bytes.length / 4));
  for (let index = 0; index < vector.length; index += 1) vector[index] = bytes.readFloatLE(index * 4);
  return vector;
}
