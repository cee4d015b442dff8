import { estimatePromptTokens, type GuardrailSummary, type TokenPrices } from '@llmguard/shared';
import type { AuthenticatedKey } from '../catalog/key-catalog';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import type { Admission } from '../limits/admission-control';
import type { OutputGuardrailConfig } from '../guardrails/guardrail-config';
import type { PlaceholderVault } from '../guardrails/placeholder-vault';
import type { ConcurrencyCheck } from '../limits/limit-plan';
import type { RequestTrace } from '../../observability/tracing';
import type { UpstreamReply } from './upstream-reply';

/** The wire format a client speaks; errors and responses go back in the same one. */
export type WireFormat = 'openai' | 'anthropic';

/** The data-plane endpoints; each is a path under the deployment's base URL. */
export type Endpoint =
  | 'chat/completions'
  | 'completions'
  | 'embeddings'
  | 'responses'
  | 'images/generations'
  | 'audio/transcriptions'
  | 'messages';

/** A file part of a multipart upload, spooled to disk. */
export type UploadedFile = { field: string; path: string; filename: string; mimeType: string };

/** Token counts as the upstream reported them; undefined = not (yet) reported. */
export type MeteredUsage = {
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
};

export type RequestOutcome =
  'success' | 'client_error' | 'upstream_error' | 'client_disconnected' | 'rejected';

/** How the tenant's routing.degradation served a request whose model was down. */
export type Degradation =
  | { kind: 'fallback-model'; requestedModel: string }
  | { kind: 'cached-answer'; cacheHit: 'exact' | 'semantic' };

/** What the gateway's own caches served a request: billed per the policy, metered apart from upstream tokens. */
export type ServedFromCache = {
  kind: 'exact' | 'semantic';
  /** The tokens of what the cache served (a cached answer's own usage; cached embedding inputs). */
  inputTokens: number;
  outputTokens: number;
  /** The prices of the deployment that made the answer; null when unknown (then the billing worker prices it). */
  prices: TokenPrices | null;
  /** Percent of the full price billed for it (policy cache.hitPricePercent). */
  pricePercent: number;
};

/** Sees the answer the client gets as it goes out (the answer caches record it); the responder calls it. */
export type AnswerTap = {
  json(status: number, body: Buffer): void;
  streamText(text: string): void;
  /** The request is over (answered, failed or abandoned); runs once, before settling. */
  end(context: RequestContext): void;
};

/** Everything one data-plane request carries from stage to stage. */
export type RequestContext = {
  readonly requestId: string;
  readonly wire: WireFormat;
  readonly endpoint: Endpoint;
  readonly receivedAt: Date;
  /** performance.now() at arrival; latencies are measured from here. */
  readonly startedAtMs: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body as the client sent it, or as the input guardrails rewrote it (masked, redacted). */
  body: Record<string, unknown>;
  /** The model alias asked for (from the JSON body, or a multipart field once read). */
  model: string;
  readonly stream: boolean;
  endUser: string | null;
  /** A multipart body not read yet: read after authentication, before routing. */
  readonly pendingUpload?: { stream: NodeJS.ReadableStream; contentType: string };
  /** The multipart body once read: its fields, and its files on disk. */
  upload?: { fields: Record<string, string>; files: UploadedFile[] };
  /** Run when the request is over, whatever happened (temporary files…). */
  readonly cleanups: (() => Promise<void>)[];
  /** Aborts the upstream call: the client went away, or the total timeout ran out. */
  readonly upstreamAbort: AbortController;
  /** The client closed the connection before the response was complete. */
  clientGone: boolean;
  apiKey?: AuthenticatedKey;
  /** The input guardrails found personal data in the prompt (set before routing; routing rules read it). */
  containsPii: boolean;
  /** What the input guardrails found and did (counts only); absent when the tenant has none on. */
  guardrails?: GuardrailSummary;
  /** The values the input guardrails replaced by placeholders, put back in the response; never logged. */
  placeholders?: PlaceholderVault;
  /** The output guardrails the answer goes through, when the tenant's policy has any. */
  outputGuardrails?: OutputGuardrailConfig;
  /** Prompt tokens, counted once when first needed (routing rules, admission): see promptTokensOf. */
  promptTokens?: number;
  /** Only deployments tagged `local` may serve this request (routing.sensitiveData): set by routing, checked per call. */
  localOnly: boolean;
  /** The deployments this request may try, in order (routing's pick first, then its fallbacks). */
  candidates: readonly ResolvedDeployment[];
  /**
   * Candidates the request passes over instead of queueing for when they are at capacity: the preferred tier of an
   * overflow, whose requests spill to the next tier rather than wait.
   */
  spillWhenSaturated: ReadonlySet<string>;
  /** Set when the policy's degradation served the request (its model was down). */
  degradation?: Degradation;
  /** A fan-out request's upstream calls, each routed, admitted, metered and settled on its own. */
  fanOutCalls?: readonly RequestContext[];
  /** The fan-out call whose stream the client gets: streamed, metered and settled in this request's place. */
  servedBy?: RequestContext;
  /** The deployment being called, and once the request is over the one that answered (or failed last). */
  deployment?: ResolvedDeployment;
  /** Upstream calls made so far (retries and fallbacks included). */
  attempts: number;
  /** The limits the request was admitted against, held until it settles. */
  admission?: Admission;
  /** The deployment slot held while the request runs (deployments with a concurrency ceiling). */
  deploymentSlot?: ConcurrencyCheck;
  /** The deployment whose in-flight count this request's current attempt holds (routing by load). */
  inFlightOn: string | undefined;
  /**
   * Whole ms after arrival when the current attempt got its slot; its time to first token is measured from here.
   * An offset, not a clock reading: a small integer is stored in place, where a double would be a heap number.
   */
  attemptStartMs: number;
  /** Headers every answer carries (rate limits, budget warnings), errors included. */
  responseHeaders?: Record<string, string>;
  upstream?: UpstreamReply;
  /** Set when the gateway's caches served the request, or part of it (embedding inputs). */
  cacheHit?: ServedFromCache;
  /** Set when the answer is to be cached once it is complete. */
  answerTap?: AnswerTap;
  usage: MeteredUsage;
  /** True once the upstream's final usage arrived; otherwise settle counts tokens itself. */
  usageComplete: boolean;
  /** Generated text and tool arguments seen so far, kept only to count tokens when usage is missing. */
  outputText: string[];
  /** The same, still JSON-escaped (the streaming fast path defers decoding to when it is needed). */
  outputTextEscaped: string[];
  ttftMs?: number;
  status: number;
  outcome: RequestOutcome;
  /** The request's spans; undefined when tracing is off. */
  trace?: RequestTrace;
  /** Time spent in upstream calls until their answers arrived (summed over attempts), for the overhead metric. */
  upstreamMs: number;
  /** performance.now() when the answer (or the error) started going to the client. */
  answerStartedMs?: number;
};

const NO_CANDIDATES: readonly ResolvedDeployment[] = Object.freeze([]);
const NO_DEPLOYMENTS: ReadonlySet<string> = new Set();

export function createRequestContext(init: {
  requestId: string;
  wire: WireFormat;
  endpoint: Endpoint;
  headers: RequestContext['headers'];
  body: Record<string, unknown>;
  pendingUpload?: RequestContext['pendingUpload'];
}): RequestContext {
  const { body } = init;
  const user = endUserOf(body) ?? headerValue(init.headers, 'x-llmguard-end-user');
  // Every field is written here, in one order, so all contexts share one hidden class.
  return {
    requestId: init.requestId,
    wire: init.wire,
    endpoint: init.endpoint,
    receivedAt: new Date(),
    startedAtMs: performance.now(),
    headers: init.headers,
    body,
    model: typeof body.model === 'string' ? body.model : '',
    stream: body.stream === true,
    endUser: user ? user.slice(0, 256) : null,
    pendingUpload: init.pendingUpload,
    upload: undefined,
    cleanups: [],
    upstreamAbort: new AbortController(),
    clientGone: false,
    apiKey: undefined,
    containsPii: false,
    promptTokens: undefined,
    localOnly: false,
    guardrails: undefined,
    placeholders: undefined,
    outputGuardrails: undefined,
    candidates: NO_CANDIDATES,
    spillWhenSaturated: NO_DEPLOYMENTS,
    degradation: undefined,
    fanOutCalls: undefined,
    servedBy: undefined,
    deployment: undefined,
    attempts: 0,
    admission: undefined,
    deploymentSlot: undefined,
    inFlightOn: undefined,
    attemptStartMs: 0,
    responseHeaders: undefined,
    upstream: undefined,
    cacheHit: undefined,
    answerTap: undefined,
    usage: {},
    usageComplete: false,
    outputText: [],
    outputTextEscaped: [],
    ttftMs: undefined,
    status: 200,
    outcome: 'success',
    trace: undefined,
    upstreamMs: 0,
    answerStartedMs: undefined,
  };
}

/** The end user a body names: OpenAI's `user`, or Anthropic's `metadata.user_id`. */
function endUserOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.user === 'string') return body.user;
  const metadata = body.metadata as { user_id?: unknown } | null | undefined;
  return typeof metadata === 'object' && typeof metadata?.user_id === 'string' ? metadata.user_id : undefined;
}

export function headerValue(headers: RequestContext['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function elapsedMs(context: RequestContext): number {
  return Math.round(performance.now() - context.startedAtMs);
}

/** The prompt's tokens (o200k_base), counted on first use and kept: rules and admission both need them. */
export function promptTokensOf(context: RequestContext): number {
  return (context.promptTokens ??= estimatePromptTokens(context.body));
}

/** Runs what the request registered for its end (temporary files, timers); never throws. */
export async function runCleanups(context: RequestContext): Promise<void> {
  await Promise.allSettled(context.cleanups.map((cleanup) => cleanup()));
}
