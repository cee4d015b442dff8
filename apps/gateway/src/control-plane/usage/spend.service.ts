import { Inject, Injectable } from '@nestjs/common';
import type { SpendPeriod, SpendResponse } from '@llmguard/shared';
import type { TenantAccess } from '../auth/tenant-access';
import { BUDGET_SOURCE, type BudgetSource } from './budget-source';
import { UsageRepository } from './usage.repository';

const DAY_MS = 86_400_000;

/** Current-period spend against budget: the UTC calendar month to date and the UTC day so far. */
@Injectable()
export class SpendService {
  constructor(
    private readonly usage: UsageRepository,
    @Inject(BUDGET_SOURCE) private readonly budgets: BudgetSource,
  ) {}

  async current(access: TenantAccess, now = new Date()): Promise<SpendResponse> {
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const [spent, budgets] = await Promise.all([
      this.usage.spend(access.tenant.id, { monthStart, monthEnd, dayStart }),
      this.budgets.budgetsOf(access),
    ]);
    return {
      asOf: now.toISOString(),
      month: period(monthStart, monthEnd, spent.month, budgets.monthlyMicros),
      today: period(dayStart, new Date(dayStart.getTime() + DAY_MS), spent.today, budgets.dailyMicros),
    };
  }
}

function period(start: Date, end: Date, spentMicros: bigint, budgetMicros: bigint | null): SpendPeriod {
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    spentMicros: spentMicros.toString(),
    budgetMicros: budgetMicros?.toString() ?? null,
    percentUsed: percentOf(spentMicros, budgetMicros),
  };
}

/** spent / budget in percent with two decimals, rounded down, computed in bigint so large micros stay exact. */
export function percentOf(spentMicros: bigint, budgetMicros: bigint | null): number | null {
  if (budgetMicros === null || budgetMicros === 0n) return null;
  return Number((spentMicros * 10_000n) / budgetMicros) / 100;
}
