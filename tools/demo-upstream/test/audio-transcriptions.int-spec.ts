import { createHash } from 'node:crypto';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI, { toFile } from 'openai';
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

/** Deterministic bytes, with CRLF and "--" runs that resemble a multipart delimiter. */
function recording(bytes: number, salt = 0): Buffer {
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = (i * 31 + salt) % 251;
  for (let i = 0; i + 4 < bytes; i += 997) buf.write('\r\n--', i, 'latin1');
  return buf;
}

const sha256 = (buf: Buffer): string => createHash('sha256').update(buf).digest('hex');
const model = 'gpt-4o-mini-transcribe';

describe('audio transcriptions', () => {
  it('transcribes deterministically from size and hash, with token usage', async () => {
    const audio = recording(100_000);
    const res = await client.audio.transcriptions.create({ file: await toFile(audio, 'a.wav'), model });
    expect(res.text).toMatch(
      new RegExp(`^Transcript of a 100000-byte recording with SHA-256 ${sha256(audio).slice(0, 16)}\\. `),
    );
    const outputTokens = encode(res.text).length;
    expect(res.usage).toEqual({
      type: 'tokens',
      input_tokens: 32, // ceil(100000 / 3200)
      input_token_details: { text_tokens: 0, audio_tokens: 32 },
      output_tokens: outputTokens,
      total_tokens: 32 + outputTokens,
    });
    expect(up.stats).toMatchObject({
      byEndpoint: { 'POST /v1/audio/transcriptions': 1 },
      uploadFiles: 1,
      uploadBytes: 100_000,
      lastUpload: {
        endpoint: 'POST /v1/audio/transcriptions',
        field: 'file',
        filename: 'a.wav',
        bytes: 100_000,
        sha256: sha256(audio),
      },
      promptTokens: 32,
      completionTokens: outputTokens,
    });

    const again = await client.audio.transcriptions.create({ file: await toFile(audio, 'b.wav'), model });
    expect(again.text).toBe(res.text);
    const other = await client.audio.transcriptions.create({
      file: await toFile(recording(100_000, 1), 'a.wav'),
      model,
    });
    expect(other.text).not.toBe(res.text);
    expect(up.stats.uploadFiles).toBe(3);
  });

  it('receives a multi-megabyte upload intact', async () => {
    const audio = recording(5 * 1024 * 1024 + 17);
    const res = await client.audio.transcriptions.create(
      { file: await toFile(audio, 'long.mp3', { type: 'audio/mpeg' }), model },
      { headers: { 'x-demo-tokens': '0' } },
    );
    expect(res.text).toBe(
      `Transcript of a ${audio.length}-byte recording with SHA-256 ${sha256(audio).slice(0, 16)}.`,
    );
    expect(res.usage).toMatchObject({ input_tokens: Math.ceil(audio.length / 3200) });
    expect(up.stats.lastUpload).toMatchObject({
      bytes: audio.length,
      sha256: sha256(audio),
      contentType: 'audio/mpeg',
    });
  });

  it('answers text and verbose_json, and bills a prompt as text tokens', async () => {
    const audio = recording(64_000);
    const json = await client.audio.transcriptions.create({ file: await toFile(audio, 'a.wav'), model });
    const text = await client.audio.transcriptions.create({
      file: await toFile(audio, 'a.wav'),
      model,
      response_format: 'text',
    });
    expect(text).toBe(json.text);
    const verbose = await client.audio.transcriptions.create({
      file: await toFile(audio, 'a.wav'),
      model: 'whisper-1',
      response_format: 'verbose_json',
    });
    expect(verbose).toMatchObject({ text: json.text, duration: 2, language: 'english' });
    expect(verbose.segments?.[0]).toMatchObject({ id: 0, start: 0, end: 2, text: json.text });
    expect(verbose.usage).toEqual({ type: 'duration', seconds: 2 });

    const prompt = 'Names: Ada Lovelace, Charles Babbage.';
    const prompted = await client.audio.transcriptions.create({
      file: await toFile(audio, 'a.wav'),
      model,
      prompt,
    });
    expect(prompted.usage).toMatchObject({
      input_tokens: 20 + encode(prompt).length,
      input_token_details: { text_tokens: encode(prompt).length, audio_tokens: 20 },
    });
  });

  it('rejects missing fields and bad forms in the OpenAI error shape', async () => {
    const file = await toFile(recording(1000), 'a.wav');
    await expect(client.audio.transcriptions.create({ file, model: '' })).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'model',
    });
    await expect(
      client.audio.transcriptions.create({ file: await toFile(Buffer.alloc(0), 'empty.wav'), model }),
    ).rejects.toMatchObject({ status: 400, param: 'file' });

    const noFile = new FormData();
    noFile.append('model', model);
    const res = await fetch(`${up.url}/v1/audio/transcriptions`, { method: 'POST', body: noFile });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { param: 'file', type: 'invalid_request_error' } });

    const notForm = await fetch(`${up.url}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model }),
    });
    expect(notForm.status).toBe(400);
    const truncated = await fetch(`${up.url}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="model"\r\n\r\nm',
    });
    expect(truncated.status).toBe(400);
    expect(await truncated.json()).toMatchObject({ error: { message: /closing boundary/ } });
    expect(up.stats.badRequests).toBe(5);
  });

  it('honours injected failures, after the upload has been received', async () => {
    const audio = recording(10_000);
    const err = await client.audio.transcriptions
      .create({ file: await toFile(audio, 'a.wav'), model }, { headers: { 'x-demo-fail': '503' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(up.stats).toMatchObject({
      injectedErrors: 1,
      lastUpload: { bytes: 10_000, sha256: sha256(audio) },
    });
    await expect(
      client.audio.transcriptions.create(
        { file: await toFile(audio, 'a.wav'), model },
        { headers: { 'x-demo-fail': 'disconnect' } },
      ),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
