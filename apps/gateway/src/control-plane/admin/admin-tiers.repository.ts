import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import type { AdminTierView } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';

/** The SLA tiers with how many live tenants each holds, for the admin area's tier picker. */
@Injectable()
export class AdminTiersRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async list(): Promise<AdminTierView[]> {
    const [tiers, counts] = await Promise.all([
      this.prisma.slaTier.findMany({ orderBy: [{ availabilityTargetBasisPoints: 'asc' }, { id: 'asc' }] }),
      this.prisma.tenant.groupBy({ by: ['tierId'], where: { status: { not: 'deleted' } }, _count: true }),
    ]);
    const tenantsByTier = new Map(counts.map((row) => [row.tierId, row._count]));
    return tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      availabilityTargetBasisPoints: tier.availabilityTargetBasisPoints,
      latencyP95TargetMs: tier.latencyP95TargetMs,
      ttftP95TargetMs: tier.ttftP95TargetMs,
      creditPercent: tier.creditPercent,
      tenantCount: tenantsByTier.get(tier.id) ?? 0,
    }));
  }
}
