// The deterministic "transcript" of an uploaded file and the numbers billed for it. Nothing is
// decoded: the file is taken to be 16 kHz 16-bit mono PCM (32,000 bytes a second), and audio is
// billed at 10 tokens a second, so one audio token per 3,200 bytes started.
import { replyText } from './reply.js';

export const AUDIO_BYTES_PER_SECOND = 32_000;
export const AUDIO_BYTES_PER_TOKEN = 3_200;

/** ceil(bytes / 3200): 10 tokens per second of 16 kHz 16-bit mono PCM. */
export function audioTokensForBytes(bytes: number): number {
  return Math.ceil(bytes / AUDIO_BYTES_PER_TOKEN);
}

/** Seconds of audio the file would hold as 16 kHz 16-bit mono PCM, to the millisecond. */
export function audioSeconds(bytes: number): number {
  return Math.round((bytes / AUDIO_BYTES_PER_SECOND) * 1000) / 1000;
}

export type AudioFingerprint = { bytes: number; sha256: string };

/**
 * "Transcript of a N-byte recording with SHA-256 <first 16 hex>." followed by `tokens` tokens of
 * the canned reply text, in an order picked by the file's hash. Same file, same transcript.
 */
export function transcriptText(file: AudioFingerprint, tokens: number): string {
  const header = `Transcript of a ${file.bytes}-byte recording with SHA-256 ${file.sha256.slice(0, 16)}.`;
  const tail = replyText({ userText: '', promptKey: `audio:${file.sha256}` }, tokens);
  return tail === '' ? header : `${header} ${tail}`;
}
