import { Injectable, Logger } from '@nestjs/common';
import { computeCostMicros, type UsageEventV1 } from '@llmguard/shared';
import { UsageStreamPublisher } from '../../../clients/usage-stream.publisher';
import { elapsedMs, type RequestContext } from '../request-context';

/**
 * Runs once per authenticated request, whatever happened: turns what was metered into one usage
 * event and appends it to the usage stream.
 */
@Injectable()
export class SettleStage {
  private readonly logger = new Logger(SettleStage.name);

  constructor(private readonly usage: UsageStreamPublisher) {}

  async run(context: RequestContext): Promise<void> {
    const event = toUsageEvent(context);
    if (!event) return;
    try {
      await this.usage.publish(event);
    } catch (error) {
      // Durable spooling for a Redis outage comes with exact metering; until then the loss is loud.
      this.logger.error(`usage event ${event.requestId} not published: ${String(error)}`);
    }
  }
}

export function toUsageEvent(context: RequestContext): UsageEventV1 | undefined {
  const key = context.apiKey;
  if (!key) return undefined;
  const deployment = context.deployment;
  const reported = context.usage.inputTokens !== undefined && context.usage.outputTokens !== undefined;
  const tokens = {
    inputTokens: context.usage.inputTokens ?? 0,
    outputTokens: context.usage.outputTokens ?? 0,
    cachedInputTokens: context.usage.cachedInputTokens ?? 0,
  };
  return {
    v: 1,
    requestId: context.requestId,
    tenantId: key.tenantId,
    apiKeyId: key.id,
    endUser: context.endUser,
    model: context.model,
    deploymentId: deployment?.id ?? null,
    provider: deployment?.provider ?? null,
    ...tokens,
    tokenSource: reported ? 'upstream' : 'estimated',
    costMicros: deployment ? computeCostMicros(tokens, deployment.prices) : 0,
    latencyMs: elapsedMs(context),
    ttftMs: context.ttftMs ?? null,
    status: context.status,
    outcome: context.outcome,
    cacheHit: 'none',
    stream: context.stream,
    occurredAt: context.receivedAt.toISOString(),
  };
}
