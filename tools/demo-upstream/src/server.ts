// The HTTP server: request bookkeeping, routing, auth, body parsing, failure injection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isAuthorized } from './auth.js';
import { sendError, type Dialect } from './errors.js';
import type { Exchange, ServerState } from './exchange.js';
import { createRng, pickFailure } from './failures.js';
import { readFormBody, type FormResult } from './form-body.js';
import { readJsonBody, sendJson } from './http-io.js';
import { getModel, listModels } from './models.handler.js';
import { prefillMs } from './prefix-cache.js';
import { promptTokenIds } from './prompt-tokens.js';
import { readKnobs, type RequestKnobs } from './request-knobs.js';
import { dialectFor, INFERENCE_ROUTES, normalizePath, type InferenceRoute } from './routes.js';
import { bump, recordUpload, resetStats } from './stats.js';

const BODY_LIMIT = 32 * 1024 * 1024;

type Tracker = { signal: AbortSignal; markInjectedCut(): void };

// A response that closes before it finished means the client went away: abort the work and count it,
// unless the server cut the connection on purpose.
function track(res: ServerResponse, state: ServerState): Tracker {
  const controller = new AbortController();
  let injectedCut = false;
  res.once('close', () => {
    if (!res.writableFinished && !injectedCut) state.stats.clientDisconnects += 1;
    controller.abort();
  });
  return {
    signal: controller.signal,
    markInjectedCut: () => {
      injectedCut = true;
    },
  };
}

// A malformed escape is just an id that does not exist, not a server error.
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function resetState(state: ServerState): void {
  resetStats(state.stats);
  state.prefixCache?.clear();
  state.rng = createRng(state.options.seed);
}

function authorize(req: IncomingMessage, res: ServerResponse, state: ServerState, dialect: Dialect): boolean {
  if (isAuthorized(req.headers, state.options.apiKey)) return true;
  state.stats.authFailures += 1;
  const message = dialect === 'anthropic' ? 'invalid x-api-key' : 'Incorrect API key provided.';
  sendError(res, dialect, 401, message);
  return false;
}

function handleGet(req: IncomingMessage, res: ServerResponse, state: ServerState, path: string): boolean {
  const { stats, options } = state;
  if (path === '/health') {
    bump(stats.byEndpoint, 'GET /health');
    sendJson(res, 200, { ok: true });
  } else if (path === '/demo/stats' || path === '/fake/stats') {
    bump(stats.byEndpoint, 'GET /demo/stats');
    sendJson(res, 200, stats);
  } else if (path === '/v1/models') {
    bump(stats.byEndpoint, 'GET /v1/models');
    if (authorize(req, res, state, dialectFor(path, req.headers))) listModels(req, res, options.models);
  } else if (path.startsWith('/v1/models/')) {
    bump(stats.byEndpoint, 'GET /v1/models/:id');
    if (authorize(req, res, state, dialectFor(path, req.headers))) {
      getModel(req, res, options.models, safeDecode(path.slice('/v1/models/'.length)));
    }
  } else {
    return false;
  }
  return true;
}

/** The route's body: a JSON object, or a multipart form whose files are hashed as they arrive. */
async function readBody(req: IncomingMessage, route: InferenceRoute): Promise<FormResult> {
  if (route.body === 'form') return readFormBody(req, BODY_LIMIT);
  const parsed = await readJsonBody(req, BODY_LIMIT);
  return parsed.ok ? { ...parsed, files: [] } : parsed;
}

async function handleInference(
  req: IncomingMessage,
  res: ServerResponse,
  state: ServerState,
  route: InferenceRoute,
): Promise<void> {
  const { stats, options } = state;
  bump(stats.byEndpoint, route.key);
  const tracker = track(res, state);
  if (!authorize(req, res, state, route.dialect)) {
    req.resume();
    return;
  }
  const parsed = await readBody(req, route);
  if (!parsed.ok) {
    if (parsed.status === 'aborted') return;
    stats.badRequests += 1;
    sendError(res, route.dialect, parsed.status, parsed.message);
    return;
  }
  const { files } = parsed;
  for (const file of files) recordUpload(stats, { endpoint: route.key, ...file });
  const knobs = readKnobs(req.headers, options);
  const cut = (): void => {
    tracker.markInjectedCut();
    stats.injectedDisconnects += 1;
    res.destroy();
  };
  const streaming = route.streams && parsed.body.stream === true;
  const failure = route.injectable ? pickFailure(knobs.forcedFailure, streaming, options, state.rng) : null;
  if (failure?.kind === 'status') {
    stats.injectedErrors += 1;
    bump(stats.injectedErrorsByStatus, String(failure.status));
    sendError(res, route.dialect, failure.status, `Injected failure ${failure.status} (demo-upstream).`);
    return;
  }
  if (failure?.kind === 'disconnect' && !streaming) return cut();
  if (PROMPT_ROUTES.has(route.key)) prefill(state, route, parsed.body, knobs, res);

  const exchange: Exchange = {
    req,
    res,
    body: parsed.body,
    files,
    knobs,
    state,
    signal: tracker.signal,
    cutStream: failure?.kind === 'disconnect',
    cut,
  };
  await route.handler(exchange);
}

/** The routes whose prompt goes through the simulated prefix cache. */
const PROMPT_ROUTES = new Set([
  'POST /v1/chat/completions',
  'POST /v1/completions',
  'POST /v1/responses',
  'POST /v1/messages',
]);

/**
 * With the prefix cache on: the request's time to first token grows by the prefill of its uncached prompt tokens,
 * and the answer says how many were cached (`x-demo-prefix-cached-tokens`).
 */
function prefill(
  state: ServerState,
  route: InferenceRoute,
  body: Exchange['body'],
  knobs: RequestKnobs,
  res: ServerResponse,
): void {
  if (!state.prefixCache) return;
  const lookup = state.prefixCache.admit(promptTokenIds(body, route.dialect));
  knobs.ttftMs += prefillMs(lookup, state.options.prefillMsPerToken);
  res.setHeader('x-demo-prefix-cached-tokens', String(lookup.cachedTokens));
}

async function route(req: IncomingMessage, res: ServerResponse, state: ServerState): Promise<void> {
  const { stats } = state;
  stats.requests += 1;
  const path = normalizePath(req.url);
  const method = req.method ?? 'GET';

  if (method === 'GET' && handleGet(req, res, state, path)) return;
  if (method === 'POST' && (path === '/demo/reset' || path === '/fake/reset')) {
    resetState(state);
    req.resume();
    sendJson(res, 200, { ok: true });
    return;
  }
  const inference = INFERENCE_ROUTES[path];
  if (method === 'POST' && inference) return handleInference(req, res, state, inference);

  req.resume();
  bump(stats.byEndpoint, 'unmatched');
  const dialect = inference?.dialect ?? dialectFor(path, req.headers);
  if (inference) {
    res.setHeader('allow', 'POST');
    sendError(res, dialect, 405, `Method ${method} is not allowed on ${path}; use POST.`);
  } else {
    sendError(res, dialect, 404, `Unknown path: ${method} ${path}`);
  }
}

export function createDemoServer(state: ServerState): Server {
  const server = createServer((req, res) => {
    // Errors on a connection the client dropped are expected here, not crashes.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    route(req, res, state).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      sendError(
        res,
        dialectFor(normalizePath(req.url), req.headers),
        500,
        `demo-upstream internal error: ${message}`,
      );
    });
  });
  // Longer than a proxy's upstream keep-alive, so the proxy closes idle sockets first (no reset races).
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;
  // Long, slow streams are the point; never time a request out.
  server.requestTimeout = 0;
  return server;
}
