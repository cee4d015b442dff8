import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import type { UsageEventV1 } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';

/** Writes raw usage events; the unique request id makes a replayed event a no-op. */
@Injectable()
export class UsageEventsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Inserts the batch in one statement (one transaction); returns how many rows were new. */
  async insertBatch(events: UsageEventV1[]): Promise<number> {
    if (events.length === 0) return 0;
    const result = await this.prisma.usageEvent.createMany({
      data: events.map((event) => ({
        requestId: event.requestId,
        tenantId: event.tenantId,
        apiKeyId: event.apiKeyId,
        endUser: event.endUser,
        model: event.model,
        deploymentId: event.deploymentId,
        provider: event.provider,
        inputTokens: event.inputTokens,
        outputTokens: event.outputTokens,
        cachedInputTokens: event.cachedInputTokens,
        costMicros: BigInt(event.costMicros),
        latencyMs: event.latencyMs,
        ttftMs: event.ttftMs,
        status: event.status,
        outcome: event.outcome,
        cacheHit: event.cacheHit,
        occurredAt: new Date(event.occurredAt),
      })),
      skipDuplicates: true,
    });
    return result.count;
  }
}
