import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { apiKeyLimitOverridesSchema } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';
import { capMicrosOf } from './budget-thresholds';

/** An API key's own budget (`limit_overrides.budgets`), in USD micros; a missing cap is not alerted on. */
export type KeyBudget = {
  apiKeyId: string;
  apiKeyName: string;
  dailyCapMicros?: bigint;
  monthlyCapMicros?: bigint;
};

/** Reads the per-key budgets the control plane stores on api_keys (see api-keys.contract.ts). */
@Injectable()
export class KeyBudgetsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The budgets of those of the tenant's keys that have one. */
  async of(tenantId: string, apiKeyIds: string[]): Promise<KeyBudget[]> {
    if (apiKeyIds.length === 0) return [];
    const keys = await this.prisma.apiKey.findMany({
      where: { tenantId, id: { in: apiKeyIds } },
      select: { id: true, name: true, limitOverrides: true },
    });
    const budgets: KeyBudget[] = [];
    for (const key of keys) {
      // Written through the contract's schema; a row that no longer parses alerts on nothing rather than failing.
      const budget = apiKeyLimitOverridesSchema.safeParse(key.limitOverrides).data?.budgets;
      if (!budget?.dailyMicros && !budget?.monthlyMicros) continue;
      budgets.push({
        apiKeyId: key.id,
        apiKeyName: key.name,
        dailyCapMicros: capMicrosOf(budget.dailyMicros),
        monthlyCapMicros: capMicrosOf(budget.monthlyMicros),
      });
    }
    return budgets;
  }

  /** Names of the tenant's keys by id (a deleted key is missing from the map). */
  async names(tenantId: string, apiKeyIds: string[]): Promise<Map<string, string>> {
    if (apiKeyIds.length === 0) return new Map();
    const keys = await this.prisma.apiKey.findMany({
      where: { tenantId, id: { in: apiKeyIds } },
      select: { id: true, name: true },
    });
    return new Map(keys.map((key) => [key.id, key.name]));
  }
}
