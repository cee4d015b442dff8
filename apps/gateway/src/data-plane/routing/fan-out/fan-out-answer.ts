import { renderAnthropicError, renderOpenAIError, type GatewayError } from '@llmguard/shared';
import type { RequestContext } from '../../pipeline/request-context';
import type { UpstreamReply } from '../../pipeline/upstream-reply';

/** The body field that carries every model's answer of a compare fan-out. */
export const FAN_OUT_FIELD = 'llmguard_fan_out';

/** How one call of a fan-out ended: with an upstream reply (context.upstream), or with a failure. */
export type CallResult = { call: RequestContext; failure?: GatewayError };

/** One model's entry in `llmguard_fan_out`: its complete response, or its error in the client's wire format. */
export type FanOutEntry = {
  /** The alias as the request listed it. */
  model: string;
  /** Set when the policy's degradation answered with another model. */
  served_model?: string;
  status: number;
  /** The deployment that answered (or failed last); null when none was called. */
  deployment: string | null;
  response?: unknown;
  error?: unknown;
};

/** Whether a call produced an answer worth giving the client: a reply below 400. */
export function answered({ call, failure }: CallResult): boolean {
  return !failure && call.upstream !== undefined && call.upstream.status < 400;
}

/**
 * The answer to a compare fan-out: the response of the first listed model that answered, with every model's
 * result in `llmguard_fan_out` (SDKs keep unknown fields, so clients read it as an extra property). Undefined when
 * no model answered: the request then ends as its first model's call did.
 */
export function compareAnswer(
  results: readonly CallResult[],
): { served: CallResult; reply: Extract<UpstreamReply, { kind: 'json' }> } | undefined {
  const served = results.find(answered);
  const upstream = served?.call.upstream;
  if (!served || upstream?.kind !== 'json') return undefined;
  const body = { ...asObject(parseJson(upstream.body)), [FAN_OUT_FIELD]: results.map(fanOutEntry) };
  return {
    served,
    reply: {
      kind: 'json',
      status: upstream.status,
      body: Buffer.from(JSON.stringify(body)),
      headers: { 'content-type': 'application/json' },
    },
  };
}

export function fanOutEntry({ call, failure }: CallResult): FanOutEntry {
  const requested =
    call.degradation?.kind === 'fallback-model' ? call.degradation.requestedModel : call.model;
  const entry: FanOutEntry = {
    model: requested,
    ...(requested === call.model ? {} : { served_model: call.model }),
    status: failure?.status ?? call.upstream?.status ?? 500,
    deployment: call.deployment?.name ?? null,
  };
  const upstream = call.upstream;
  if (failure) {
    entry.error = call.wire === 'anthropic' ? renderAnthropicError(failure) : renderOpenAIError(failure);
  } else if (upstream?.kind === 'json') {
    // An upstream error answer is already in the client's wire format.
    entry[upstream.status < 400 ? 'response' : 'error'] = parseJson(upstream.body);
  }
  return entry;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return body.toString('utf8');
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
