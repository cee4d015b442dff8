import { z } from 'zod';
import type { ChatRequestBody } from './chat-request';
import { readChatStream } from './chat-stream';
import { failureFromResponse, type GatewayFailure, networkFailure } from './gateway-failure';

// The browser's side of the playground. It calls the gateway through the portal's own route
// handlers (/api/playground/*, which stream the answer through unbuffered), with the key the user
// pasted in the Authorization header, exactly as an app would call the gateway. The key lives only
// in this tab; the portal server passes it on to the gateway and keeps nothing.

export const PLAYGROUND_MODELS_PATH = '/api/playground/models';
export const PLAYGROUND_CHAT_PATH = '/api/playground/chat/completions';

type Fetch = typeof fetch;

export type ModelsResult = { ok: true; models: string[] } | { ok: false; failure: GatewayFailure };

const modelsSchema = z.object({ data: z.array(z.object({ id: z.string().min(1) })) });

/** The models a key may call (`GET /v1/models`), sorted by name. */
export async function listModels(
  apiKey: string,
  signal?: AbortSignal,
  fetchImpl: Fetch = fetch,
): Promise<ModelsResult> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(PLAYGROUND_MODELS_PATH, {
      headers: authorization(apiKey),
      signal,
      cache: 'no-store',
    });
    text = await response.text();
  } catch (error) {
    if (isAbort(error)) throw error;
    return { ok: false, failure: networkFailure() };
  }
  if (!response.ok)
    return { ok: false, failure: failureFromResponse(response.status, text, response.headers) };
  const parsed = modelsSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    return {
      ok: false,
      failure: {
        status: response.status,
        title: 'Unexpected answer from the gateway',
        message: 'The model list could not be read.',
        requestId: response.headers.get('x-request-id') ?? undefined,
      },
    };
  }
  return { ok: true, models: parsed.data.data.map((model) => model.id).sort((a, b) => a.localeCompare(b)) };
}

/** What the stats bar shows about one run; every field fills in as the stream goes. */
export type RunMetrics = {
  requestId?: string;
  /** From sending to the first text, in milliseconds. */
  timeToFirstTokenMs?: number;
  /** From sending to the end of the stream (or the stop), in milliseconds. */
  latencyMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  finishReason?: string;
};

export type RunOutcome =
  | { status: 'done'; text: string; metrics: RunMetrics }
  | { status: 'stopped'; text: string; metrics: RunMetrics }
  | { status: 'failed'; text: string; metrics: RunMetrics; failure: GatewayFailure };

export type RunChatOptions = {
  apiKey: string;
  body: ChatRequestBody;
  /** Aborting it stops the stream: the portal and then the gateway drop the upstream call. */
  signal: AbortSignal;
  /** Called after each piece of text or metric, with the text so far. */
  onProgress: (text: string, metrics: RunMetrics) => void;
  fetchImpl?: Fetch;
  now?: () => number;
};

/** Sends one chat request and follows its stream to the end, a stop or a failure. Never throws. */
export async function runChat({
  apiKey,
  body,
  signal,
  onProgress,
  fetchImpl = fetch,
  now = () => performance.now(),
}: RunChatOptions): Promise<RunOutcome> {
  const startedAt = now();
  const metrics: RunMetrics = {};
  let text = '';
  const finish = (): RunMetrics => ({ ...metrics, latencyMs: Math.round(now() - startedAt) });
  try {
    const response = await fetchImpl(PLAYGROUND_CHAT_PATH, {
      method: 'POST',
      headers: { ...authorization(apiKey), 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
    metrics.requestId = response.headers.get('x-request-id') ?? undefined;
    if (!response.ok || !response.body) {
      const failure = failureFromResponse(response.status, await response.text(), response.headers);
      return { status: 'failed', text, metrics: finish(), failure };
    }
    let completed = false;
    for await (const event of readChatStream(response.body, metrics.requestId)) {
      if (event.type === 'text-delta') {
        metrics.timeToFirstTokenMs ??= Math.round(now() - startedAt);
        text += event.text;
      } else if (event.type === 'finish') metrics.finishReason = event.reason;
      else if (event.type === 'usage') {
        metrics.inputTokens = event.inputTokens;
        metrics.outputTokens = event.outputTokens;
      } else if (event.type === 'error')
        return { status: 'failed', text, metrics: finish(), failure: event.failure };
      else completed = true;
      onProgress(text, { ...metrics });
    }
    // A stream that ends without [DONE] or an error event was cut on the way.
    if (!completed)
      return { status: 'failed', text, metrics: finish(), failure: networkFailure(metrics.requestId) };
    return { status: 'done', text, metrics: finish() };
  } catch {
    if (signal.aborted) return { status: 'stopped', text, metrics: finish() };
    return { status: 'failed', text, metrics: finish(), failure: networkFailure(metrics.requestId) };
  }
}

function authorization(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
