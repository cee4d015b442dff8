import { Inject, Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { GuardrailSummary, UsageEvent } from '@llmguard/shared';
import type { ResolvedDeployment } from '../data-plane/catalog/route-catalog';
import type { RequestContext } from '../data-plane/pipeline/request-context';
import { AttemptFailure } from '../data-plane/routing/attempt-failure';
import { GatewayMetrics } from './gateway-metrics';
import { GATEWAY_LOGGER } from './gateway-logger';
import { genAiOperation, genAiProvider } from './gen-ai-names';
import { endSpanWithError } from './tracing';

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/**
 * Turns a finished data-plane request into its metrics, its access-log line and the end of its trace; and each
 * upstream call into its own metrics and CLIENT span. Everything here reads the request context and the usage event
 * the request already produced: no extra work on the request path beyond counter increments, and nothing that could
 * hold a prompt, an answer or a key (the log line has ids, model, status, timings and token counts only).
 */
@Injectable()
export class RequestObserver {
  constructor(
    private readonly metrics: GatewayMetrics,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs once per request, after it settled; `usage` is its usage event (none before authentication). */
  finished(context: RequestContext, usage: UsageEvent | undefined): void {
    const metrics = this.metrics;
    const seconds = (performance.now() - context.startedAtMs) / 1000;
    const model = metrics.models.value(context.model);
    const status = context.status;
    metrics.requests.inc({ endpoint: context.endpoint, model, status });
    metrics.requestDuration.observe({ endpoint: context.endpoint }, seconds);
    if (context.attempts > 0 && context.answerStartedMs !== undefined) {
      const overheadMs = context.answerStartedMs - context.startedAtMs - context.upstreamMs;
      metrics.overhead.observe({ endpoint: context.endpoint }, Math.max(0, overheadMs) / 1000);
    }
    if (usage) this.observeUsage(context, usage, model, seconds);
    this.logger.info(
      {
        requestId: context.requestId,
        traceId: context.trace?.traceId,
        tenantId: usage?.tenantId,
        apiKeyId: usage?.apiKeyId,
        endpoint: context.endpoint,
        model: context.model,
        deployment: context.deployment?.name,
        status,
        outcome: context.outcome,
        stream: context.stream,
        attempts: context.attempts,
        latencyMs: Math.round(seconds * 1000),
        ttftMs: context.ttftMs,
        inputTokens: usage?.inputTokens,
        outputTokens: usage?.outputTokens,
      },
      'request',
    );
    this.endTrace(context, usage);
  }

  /** Wraps one upstream call: its duration and outcome, and a CLIENT span whose context the upstream receives. */
  async upstreamCall<T>(
    context: RequestContext,
    deployment: ResolvedDeployment,
    call: (propagation: Record<string, string> | undefined) => Promise<T>,
  ): Promise<T> {
    const startedAt = performance.now();
    const span = context.trace?.child(
      `${genAiOperation(context.endpoint)} ${deployment.upstreamModel}`,
      {
        'gen_ai.operation.name': genAiOperation(context.endpoint),
        'gen_ai.provider.name': genAiProvider(deployment.provider),
        'gen_ai.request.model': deployment.upstreamModel,
        'llmguard.deployment': deployment.name,
        'server.address': safeHost(deployment.baseUrl),
      },
      SpanKind.CLIENT,
    );
    const labels = {
      deployment: this.metrics.deployments.value(deployment.name),
      provider: deployment.provider,
    };
    try {
      const result = await call(span ? context.trace?.propagationHeaders(span) : undefined);
      this.metrics.upstreamRequests.inc({ ...labels, outcome: 'ok' });
      span?.end();
      return result;
    } catch (error) {
      const outcome = upstreamOutcome(error);
      this.metrics.upstreamRequests.inc({ ...labels, outcome });
      if (span) endSpanWithError(span, error, outcome);
      throw error;
    } finally {
      const elapsedMs = performance.now() - startedAt;
      context.upstreamMs += elapsedMs;
      this.metrics.upstreamDuration.observe(labels, elapsedMs / 1000);
    }
  }

  private observeUsage(context: RequestContext, usage: UsageEvent, model: string, seconds: number): void {
    const metrics = this.metrics;
    const genAi = {
      gen_ai_operation_name: genAiOperation(context.endpoint),
      gen_ai_provider_name: genAiProvider(usage.provider ?? undefined),
      gen_ai_request_model: model,
    };
    const failed = context.status >= 400 || context.outcome !== 'success';
    metrics.operationDuration.observe({ ...genAi, error_type: failed ? errorType(context) : '' }, seconds);
    if (context.stream && context.ttftMs !== undefined) {
      metrics.timeToFirstToken.observe(genAi, context.ttftMs / 1000);
      const generationSeconds = seconds - context.ttftMs / 1000;
      if (usage.outputTokens > 1 && generationSeconds > 0) {
        metrics.outputTokensPerSecond.observe(
          { gen_ai_request_model: model },
          (usage.outputTokens - 1) / generationSeconds,
        );
      }
    }
    if (usage.inputTokens > 0 || usage.outputTokens > 0) {
      metrics.tokenUsage.observe({ ...genAi, gen_ai_token_type: 'input' }, usage.inputTokens);
      metrics.tokenUsage.observe({ ...genAi, gen_ai_token_type: 'output' }, usage.outputTokens);
      metrics.tokens.inc({ model, type: 'input' }, usage.inputTokens);
      metrics.tokens.inc({ model, type: 'output' }, usage.outputTokens);
      if (usage.cachedInputTokens > 0) metrics.tokens.inc({ model, type: 'cached' }, usage.cachedInputTokens);
    }
    if (usage.guardrails) {
      for (const [guardrail, action] of guardrailActionsOf(usage.guardrails))
        metrics.guardrailActions.inc({ guardrail, action });
    }
    const tenant = metrics.tenants.labelFor(usage.tenantId);
    if (tenant !== undefined) {
      metrics.tenantRequests.inc({ tenant, status_class: statusClass(context.status) });
      metrics.tenantTokens.inc({ tenant, type: 'input' }, usage.inputTokens);
      metrics.tenantTokens.inc({ tenant, type: 'output' }, usage.outputTokens);
      metrics.tenantCost.inc({ tenant }, usage.costMicros / 1_000_000);
    }
  }

  private endTrace(context: RequestContext, usage: UsageEvent | undefined): void {
    const span = context.trace?.span;
    if (!span) return;
    span.setAttributes({
      'http.response.status_code': context.status,
      'llmguard.outcome': context.outcome,
      'llmguard.attempts': context.attempts,
      ...(usage
        ? {
            'llmguard.tenant.id': usage.tenantId,
            'gen_ai.usage.input_tokens': usage.inputTokens,
            'gen_ai.usage.output_tokens': usage.outputTokens,
            ...(usage.provider ? { 'gen_ai.provider.name': genAiProvider(usage.provider) } : {}),
          }
        : {}),
      ...(context.deployment ? { 'llmguard.deployment': context.deployment.name } : {}),
    });
    if (context.status >= 500) {
      span.setAttribute('error.type', errorType(context));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}

/** The actions a request's guardrails took, once each: (guardrail, action) pairs from closed sets. */
function guardrailActionsOf(summary: GuardrailSummary): [string, string][] {
  const actions = new Set<string>();
  for (const action of Object.values(summary.piiActions)) actions.add(`pii|${action}`);
  for (const action of Object.values(summary.outputPiiActions ?? {})) actions.add(`pii_output|${action}`);
  if (summary.injectionFlagged)
    actions.add(`prompt_injection|${summary.blockedBy === 'prompt_injection' ? 'block' : 'flag'}`);
  const outputFlagged = (summary.outputCategoriesFlagged?.length ?? 0) > 0;
  const blocked = summary.blockedBy === 'content_filter';
  // One action covers both sides: a prompt with hits under `block` never got an answer to moderate.
  if ((summary.termHits ?? 0) > 0 || (summary.categoriesFlagged?.length ?? 0) > 0)
    actions.add(`content_filter|${blocked ? 'block' : 'flag'}`);
  if ((summary.outputTermHits ?? 0) > 0) actions.add('content_filter_output|mask');
  if (outputFlagged) actions.add(`content_filter_output|${blocked ? 'block' : 'flag'}`);
  return [...actions].map((pair) => pair.split('|') as [string, string]);
}

/** The `outcome` label of an upstream call that failed. */
function upstreamOutcome(error: unknown): string {
  if (!(error instanceof AttemptFailure)) return 'connect_error';
  if ('reply' in error.outcome) {
    const status = error.outcome.reply.status;
    if (status === 429) return 'rate_limited';
    return status >= 500 ? 'server_error' : 'client_error';
  }
  if (error.outcome.error.status === 499) return 'cancelled';
  const code = error.outcome.error.code;
  if (code === 'upstream_timeout') return 'timeout';
  return code === 'upstream_error' ? 'connect_error' : 'client_error';
}

function errorType(context: RequestContext): string {
  return context.outcome === 'success' ? String(context.status) : context.outcome;
}

function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return '';
  }
}
