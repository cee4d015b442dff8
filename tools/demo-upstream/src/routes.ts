// The route table: which handler answers which path, in which error dialect, and whether
// failure injection applies.
import type { IncomingHttpHeaders } from 'node:http';
import { countTokens, messages } from './anthropic.handlers.js';
import { transcriptions } from './audio-transcriptions.handler.js';
import { embeddings } from './embeddings.handler.js';
import type { Dialect } from './errors.js';
import type { Handler } from './exchange.js';
import { imageGenerations } from './images.handler.js';
import { completions } from './openai-completions.handler.js';
import { chatCompletions } from './openai-chat.handler.js';
import { responses } from './openai-responses.handler.js';

export type InferenceRoute = {
  key: string;
  dialect: Dialect;
  handler: Handler;
  /** How the request body is read: a JSON object, or multipart/form-data with streamed files. */
  body: 'json' | 'form';
  /** Subject to injected errors/disconnects. */
  injectable: boolean;
  /** Can answer with SSE (so a random disconnect may cut it). */
  streams: boolean;
};

export const INFERENCE_ROUTES: Readonly<Record<string, InferenceRoute>> = {
  '/v1/chat/completions': {
    key: 'POST /v1/chat/completions',
    dialect: 'openai',
    handler: chatCompletions,
    body: 'json',
    injectable: true,
    streams: true,
  },
  '/v1/completions': {
    key: 'POST /v1/completions',
    dialect: 'openai',
    handler: completions,
    body: 'json',
    injectable: true,
    streams: true,
  },
  '/v1/responses': {
    key: 'POST /v1/responses',
    dialect: 'openai',
    handler: responses,
    body: 'json',
    injectable: true,
    streams: true,
  },
  '/v1/audio/transcriptions': {
    key: 'POST /v1/audio/transcriptions',
    dialect: 'openai',
    handler: transcriptions,
    body: 'form',
    injectable: true,
    streams: false,
  },
  '/v1/images/generations': {
    key: 'POST /v1/images/generations',
    dialect: 'openai',
    handler: imageGenerations,
    body: 'json',
    injectable: true,
    streams: false,
  },
  '/v1/embeddings': {
    key: 'POST /v1/embeddings',
    dialect: 'openai',
    handler: embeddings,
    body: 'json',
    injectable: true,
    streams: false,
  },
  '/v1/messages': {
    key: 'POST /v1/messages',
    dialect: 'anthropic',
    handler: messages,
    body: 'json',
    injectable: true,
    streams: true,
  },
  '/v1/messages/count_tokens': {
    key: 'POST /v1/messages/count_tokens',
    dialect: 'anthropic',
    handler: countTokens,
    body: 'json',
    injectable: false,
    streams: false,
  },
};

const UNVERSIONED = new Set([
  '/chat/completions',
  '/completions',
  '/embeddings',
  '/models',
  '/responses',
  '/audio/transcriptions',
  '/images/generations',
]);

/** Strips the query, and maps OpenAI paths without /v1 (base URL set without it) onto /v1. */
export function normalizePath(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  if (UNVERSIONED.has(path) || path.startsWith('/models/')) return `/v1${path}`;
  return path;
}

/** Dialect for errors outside a known route: Anthropic's for its paths or clients, else OpenAI's. */
export function dialectFor(path: string, headers: IncomingHttpHeaders): Dialect {
  return path.startsWith('/v1/messages') || headers['anthropic-version'] !== undefined
    ? 'anthropic'
    : 'openai';
}
