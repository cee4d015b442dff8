import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoUpstream } from '../src/index.js';
import { startTestUpstream } from './helpers.js';

let up: DemoUpstream;
let client: OpenAI;

beforeAll(async () => {
  up = await startTestUpstream();
  client = new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'any-key', maxRetries: 0 });
});
afterAll(() => up.close());
beforeEach(() => up.reset());

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width, height and the first pixel of a PNG made of IHDR, one IDAT and IEND. */
function readPng(png: Buffer): { width: number; height: number; rgb: number[] } {
  expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  const idatLength = png.readUInt32BE(33);
  expect(png.subarray(37, 41).toString('latin1')).toBe('IDAT');
  const pixels = inflateSync(png.subarray(41, 41 + idatLength));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), rgb: [...pixels.subarray(1, 4)] };
}

const prompt = 'A lighthouse at dusk, watercolour';

describe('image generations', () => {
  it('returns n deterministic PNGs as b64_json, coloured from the prompt hash', async () => {
    const res = await client.images.generate({ model: 'gpt-image-1', prompt, n: 2, size: '1024x1024' });
    expect(res.data).toHaveLength(2);
    const hash = createHash('sha256').update(prompt).digest();
    res.data?.forEach((image, i) => {
      const png = readPng(Buffer.from(image.b64_json ?? '', 'base64'));
      expect(png).toEqual({ width: 8, height: 8, rgb: [...hash.subarray(3 * i, 3 * i + 3)] });
    });
    expect(res.data?.[0]?.b64_json).not.toBe(res.data?.[1]?.b64_json);
    const inputTokens = encode(prompt).length;
    expect(res.usage).toEqual({
      input_tokens: inputTokens,
      input_tokens_details: { image_tokens: 0, text_tokens: inputTokens },
      output_tokens: 2 * 1056,
      output_tokens_details: { image_tokens: 2 * 1056, text_tokens: 0 },
      total_tokens: inputTokens + 2 * 1056,
    });
    expect(res).toMatchObject({ output_format: 'png', size: '1024x1024', quality: 'medium' });
    expect(up.stats).toMatchObject({
      byEndpoint: { 'POST /v1/images/generations': 1 },
      imagesGenerated: 2,
      promptTokens: inputTokens,
      completionTokens: 2 * 1056,
    });

    const again = await client.images.generate({ prompt });
    expect(again.data?.[0]?.b64_json).toBe(res.data?.[0]?.b64_json);
  });

  it('returns data: URLs for response_format "url", billed by size and quality', async () => {
    const b64 = await client.images.generate({ prompt, size: '1536x1024', quality: 'low' });
    const url = await client.images.generate({
      prompt,
      size: '1536x1024',
      quality: 'low',
      response_format: 'url',
    });
    expect(url.data?.[0]?.url).toBe(`data:image/png;base64,${b64.data?.[0]?.b64_json ?? ''}`);
    expect(url.usage?.output_tokens).toBe(408);
    const hd = await client.images.generate({ prompt, model: 'dall-e-3', quality: 'hd', size: '1024x1792' });
    expect(hd.usage?.output_tokens).toBe(6240);
  });

  it('rejects bad requests and honours injected failures', async () => {
    await expect(client.images.generate({ prompt: '' })).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'prompt',
    });
    await expect(client.images.generate({ prompt, n: 11 })).rejects.toMatchObject({ param: 'n' });
    const missing = await fetch(`${up.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1 }),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { param: 'prompt', message: "Missing required parameter: 'prompt'." },
    });
    await expect(
      client.images.generate({ prompt }, { headers: { 'x-demo-fail': '500' } }),
    ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    expect(up.stats).toMatchObject({ badRequests: 3, injectedErrors: 1, imagesGenerated: 0 });
  });
});
