// POST /v1/audio/transcriptions (multipart/form-data): a deterministic transcript of the uploaded
// file, as json, text or verbose_json. The file itself was hashed and counted while it arrived.
import {
  audioSeconds,
  audioTokensForBytes,
  transcriptText,
  type AudioFingerprint,
} from './audio-transcript.js';
import type { Exchange } from './exchange.js';
import { sendJson, sendText } from './http-io.js';
import { asString } from './json.js';
import { reject, requireModel } from './request-checks.js';
import { waitForReply } from './streaming.js';
import { countTextTokens, textTokenIds } from './tokenizer.js';

const FORMATS = ['json', 'text', 'verbose_json'] as const;
type Format = (typeof FORMATS)[number];

const isFormat = (value: unknown): value is Format => FORMATS.some((f) => f === value);

function verbose(file: AudioFingerprint, text: string, language: string): object {
  const duration = audioSeconds(file.bytes);
  const segment = {
    id: 0,
    seek: 0,
    start: 0,
    end: duration,
    text,
    tokens: textTokenIds(text),
    temperature: 0,
    avg_logprob: -0.25,
    compression_ratio: 1,
    no_speech_prob: 0,
  };
  return {
    task: 'transcribe',
    language,
    duration,
    text,
    segments: [segment],
    usage: { type: 'duration', seconds: Math.ceil(duration) },
  };
}

export async function transcriptions(ex: Exchange): Promise<void> {
  const { body } = ex;
  const file = ex.files.find((f) => f.field === 'file');
  if (!file) {
    return reject(ex, 'openai', { ok: false, param: 'file', message: "Missing required parameter: 'file'." });
  }
  const model = requireModel(body, 'openai');
  if (!model.ok) return reject(ex, 'openai', model);
  if (file.bytes === 0) {
    return reject(ex, 'openai', { ok: false, param: 'file', message: 'The audio file is empty.' });
  }
  const format = body.response_format ?? 'json';
  if (!isFormat(format)) {
    const message = `Invalid 'response_format': demo-upstream supports ${FORMATS.join(', ')}.`;
    return reject(ex, 'openai', { ok: false, param: 'response_format', message });
  }
  if (body.stream === 'true') {
    const message = 'Streaming transcriptions are not supported by demo-upstream.';
    return reject(ex, 'openai', { ok: false, param: 'stream', message });
  }

  const text = transcriptText(file, ex.knobs.tokens);
  const audioTokens = audioTokensForBytes(file.bytes);
  // A `prompt` is billed as text input, as the API does.
  const textTokens = countTextTokens(asString(body.prompt) ?? '');
  const inputTokens = audioTokens + textTokens;
  const outputTokens = countTextTokens(text);
  ex.state.stats.promptTokens += inputTokens;
  if (!(await waitForReply(ex, outputTokens))) return;

  if (format === 'text') return sendText(ex.res, 200, text);
  if (format === 'verbose_json') {
    return sendJson(ex.res, 200, verbose(file, text, asString(body.language) ?? 'english'));
  }
  sendJson(ex.res, 200, {
    text,
    usage: {
      type: 'tokens',
      input_tokens: inputTokens,
      input_token_details: { text_tokens: textTokens, audio_tokens: audioTokens },
      output_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
    },
  });
}
