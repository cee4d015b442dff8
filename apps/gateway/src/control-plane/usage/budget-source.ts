import { Injectable } from '@nestjs/common';
import type { TenantAccess } from '../auth/tenant-access';
import { PoliciesService } from '../policies/policies.service';

/** A tenant's spend caps in USD micros; null = no cap. */
export type SpendBudgets = { monthlyMicros: bigint | null; dailyMicros: bigint | null };

/** Where the spend endpoint gets a tenant's budgets from. */
export type BudgetSource = { budgetsOf(access: TenantAccess): Promise<SpendBudgets> };

export const BUDGET_SOURCE = Symbol('BUDGET_SOURCE');

/**
 * The caps of the tenant's effective policy (tier defaults overlaid by its current version), read through the
 * policies service, so the spend page shows exactly the budgets the policy page and the data plane use.
 */
@Injectable()
export class EffectivePolicyBudgetSource implements BudgetSource {
  constructor(private readonly policies: PoliciesService) {}

  async budgetsOf(access: TenantAccess): Promise<SpendBudgets> {
    const { effective } = await this.policies.get(access);
    return {
      monthlyMicros: toMicros(effective.budgets?.monthlyCapMicros),
      dailyMicros: toMicros(effective.budgets?.dailyCapMicros),
    };
  }
}

function toMicros(value: string | undefined): bigint | null {
  return value === undefined ? null : BigInt(value);
}
