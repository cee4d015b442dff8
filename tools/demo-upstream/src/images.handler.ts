// POST /v1/images/generations: n tiny deterministic PNGs (8×8, one colour each, from a hash of the
// prompt) as b64_json or data: URLs, with usage the way gpt-image-1 reports it.
import { createHash } from 'node:crypto';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { isPositiveInteger, type JsonObject } from './json.js';
import { nowSeconds } from './openai-wire.js';
import { sleep } from './pacing.js';
import { solidPng } from './png.js';
import { reject, type Check, type Invalid } from './request-checks.js';
import { countTextTokens } from './tokenizer.js';

const PIXELS = 8;
const MAX_IMAGES = 10;
const SIZES = ['256x256', '512x512', '1024x1024', '1536x1024', '1024x1536', '1792x1024', '1024x1792'];
export type ImageQuality = 'low' | 'medium' | 'high';
// dall-e-3's names map onto gpt-image-1's; "auto" is billed as medium.
const QUALITIES: ReadonlyMap<string, ImageQuality> = new Map([
  ['auto', 'medium'],
  ['low', 'low'],
  ['medium', 'medium'],
  ['high', 'high'],
  ['standard', 'medium'],
  ['hd', 'high'],
]);

/** gpt-image-1's output tokens per image: square sizes, and portrait/landscape ones. */
const OUTPUT_TOKENS: Readonly<Record<ImageQuality, { square: number; oblong: number }>> = {
  low: { square: 272, oblong: 408 },
  medium: { square: 1056, oblong: 1584 },
  high: { square: 4160, oblong: 6240 },
};

export function imageOutputTokens(size: string, quality: ImageQuality): number {
  const [width, height] = size.split('x');
  const table = OUTPUT_TOKENS[quality];
  return width === height ? table.square : table.oblong;
}

const bad = (param: string, message: string): Invalid => ({ ok: false, param, message });

type ImageRequest = {
  prompt: string;
  n: number;
  size: string;
  quality: ImageQuality;
  format: 'b64_json' | 'url';
};

function readRequest(body: JsonObject): Check<ImageRequest> {
  const { prompt } = body;
  if (prompt === undefined || prompt === null) return bad('prompt', "Missing required parameter: 'prompt'.");
  if (typeof prompt !== 'string' || prompt === '')
    return bad('prompt', "Invalid 'prompt': expected a non-empty string.");
  if (body.model !== undefined && body.model !== null && typeof body.model !== 'string')
    return bad('model', "Invalid type for 'model': expected a string.");
  const n = body.n ?? 1;
  if (!isPositiveInteger(n) || n > MAX_IMAGES)
    return bad('n', `Invalid 'n': expected an integer from 1 to ${MAX_IMAGES}.`);
  const size =
    body.size === undefined || body.size === null || body.size === 'auto' ? '1024x1024' : body.size;
  if (typeof size !== 'string' || !SIZES.includes(size))
    return bad('size', `Invalid 'size': expected one of auto, ${SIZES.join(', ')}.`);
  const rawQuality = body.quality ?? 'auto';
  const quality = typeof rawQuality === 'string' ? QUALITIES.get(rawQuality) : undefined;
  if (quality === undefined)
    return bad('quality', `Invalid 'quality': expected one of ${[...QUALITIES.keys()].join(', ')}.`);
  if (body.stream === true)
    return bad('stream', 'Streaming image generation is not supported by demo-upstream.');
  if (body.output_format !== undefined && body.output_format !== null && body.output_format !== 'png')
    return bad('output_format', "Invalid 'output_format': demo-upstream only produces 'png'.");
  const format = body.response_format ?? 'b64_json';
  if (format !== 'b64_json' && format !== 'url')
    return bad('response_format', "Invalid 'response_format': expected 'b64_json' or 'url'.");
  return { ok: true, value: { prompt, n, size, quality, format } };
}

/** Image i takes its colour from bytes 3i..3i+2 of the prompt's SHA-256 (n ≤ 10 fits in 32 bytes). */
function images(prompt: string, n: number): Buffer[] {
  const hash = createHash('sha256').update(prompt).digest();
  return Array.from({ length: n }, (_, i) =>
    solidPng(PIXELS, PIXELS, [hash[3 * i] ?? 0, hash[3 * i + 1] ?? 0, hash[3 * i + 2] ?? 0]),
  );
}

export async function imageGenerations(ex: Exchange): Promise<void> {
  const request = readRequest(ex.body);
  if (!request.ok) return reject(ex, 'openai', request);
  const { prompt, n, size, quality, format } = request.value;
  const { stats } = ex.state;
  const inputTokens = countTextTokens(prompt);
  const outputTokens = n * imageOutputTokens(size, quality);
  stats.promptTokens += inputTokens;
  // An image is not streamed token by token: only the time to first token applies.
  if (!(await sleep(ex.knobs.ttftMs, ex.signal))) return;
  stats.completionTokens += outputTokens;
  stats.imagesGenerated += n;

  const data = images(prompt, n).map((png) => {
    const b64 = png.toString('base64');
    return format === 'url' ? { url: `data:image/png;base64,${b64}` } : { b64_json: b64 };
  });
  sendJson(ex.res, 200, {
    created: nowSeconds(),
    background: 'opaque',
    data,
    output_format: 'png',
    quality,
    size,
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { image_tokens: 0, text_tokens: inputTokens },
      output_tokens: outputTokens,
      output_tokens_details: { image_tokens: outputTokens, text_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
  });
}
