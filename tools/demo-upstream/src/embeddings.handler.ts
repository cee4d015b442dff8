// POST /v1/embeddings: deterministic unit vectors, `dimensions` and `encoding_format` honoured.
import { embeddingVector, toBase64 } from './embedding-vector.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { asArray, isPositiveInteger } from './json.js';
import { MAX_EMBED_DIMS } from './options.js';
import { reject, requireModel } from './request-checks.js';
import { countPlainInput } from './usage.js';

type EmbeddingInput = string | readonly number[];

const isTokenArray = (v: unknown): v is readonly number[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');

/** string | string[] | number[] | number[][] as a list of inputs, or null when malformed/empty. */
function inputsOf(input: unknown): EmbeddingInput[] | null {
  if (typeof input === 'string') return input === '' ? null : [input];
  if (isTokenArray(input)) return [input];
  const items = asArray(input);
  if (!items || items.length === 0) return null;
  const out: EmbeddingInput[] = [];
  for (const item of items) {
    if (typeof item === 'string' && item !== '') out.push(item);
    else if (isTokenArray(item)) out.push(item);
    else return null;
  }
  return out;
}

export function embeddings(ex: Exchange): void {
  const { body } = ex;
  const model = requireModel(body, 'openai');
  if (!model.ok) return reject(ex, 'openai', model);
  const inputs = inputsOf(body.input);
  if (!inputs) {
    return reject(ex, 'openai', {
      ok: false,
      param: 'input',
      message: "'input' must be a non-empty string, strings, or token arrays",
    });
  }
  const dims = body.dimensions ?? ex.state.options.embedDims;
  if (!isPositiveInteger(dims) || dims > MAX_EMBED_DIMS) {
    return reject(ex, 'openai', {
      ok: false,
      param: 'dimensions',
      message: `'dimensions' must be an integer 1..${MAX_EMBED_DIMS}`,
    });
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    return reject(ex, 'openai', {
      ok: false,
      param: 'encoding_format',
      message: "'encoding_format' must be 'float' or 'base64'",
    });
  }

  const data = inputs.map((input, index) => {
    // Token arrays are embedded by their ids: same ids, same vector.
    const vector = embeddingVector(typeof input === 'string' ? input : `tokens:${input.join(',')}`, dims);
    return {
      object: 'embedding',
      index,
      embedding: format === 'base64' ? toBase64(vector) : Array.from(vector),
    };
  });
  const promptTokens = countPlainInput(body.input);
  ex.state.stats.promptTokens += promptTokens;
  sendJson(ex.res, 200, {
    object: 'list',
    data,
    model: model.value,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
