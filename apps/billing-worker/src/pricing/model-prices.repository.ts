import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import type { UsageEvent, VersionedModelPrice } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';

/** Reads the versioned price list (`model_prices`) for a batch of usage events. */
@Injectable()
export class ModelPricesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Every version that can be in force for some event of the batch: platform rows and the batch's
   * tenants' rows for its models, up to its latest event. One query per batch; the choice per event
   * is made in memory (resolveUsageCost).
   */
  async candidatesFor(events: UsageEvent[]): Promise<VersionedModelPrice[]> {
    if (events.length === 0) return [];
    const models = [...new Set(events.map((event) => event.model))];
    const tenantIds = [...new Set(events.map((event) => event.tenantId))];
    const latest = new Date(Math.max(...events.map((event) => Date.parse(event.occurredAt))));
    const rows = await this.prisma.modelPrice.findMany({
      where: {
        model: { in: models },
        effectiveFrom: { lte: latest },
        OR: [{ tenantId: null }, { tenantId: { in: tenantIds } }],
      },
    });
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenantId,
      model: row.model,
      effectiveFrom: row.effectiveFrom,
      prices: {
        inputMicrosPerMillion: Number(row.inputPriceMicrosPerMillion),
        outputMicrosPerMillion: Number(row.outputPriceMicrosPerMillion),
        cachedInputMicrosPerMillion: Number(row.cachedInputPriceMicrosPerMillion),
      },
    }));
  }
}
