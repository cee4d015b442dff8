import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, Tenant, TenantStatus } from '@llmguard/db';
import {
  GatewayError,
  prefixedIdSchema,
  type AdminTenantDetailView,
  type AdminTenantView,
} from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { conflict, notFound } from '../common/errors';
import { GatewayInvalidations } from '../common/gateway-invalidations';
import { toPage, type PageRequest } from '../common/pagination';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import { AdminTenantsRepository, type TenantFilter } from './admin-tenants.repository';
import { toAdminTenantView } from './admin-tenant.view';

const tenantIdSchema = prefixedIdSchema('tnt');

/**
 * Platform administration of tenants. Suspending and reactivating are idempotent: repeating one re-pushes the
 * status to every gateway (the way to recover from a 503) without a second audit entry. Every change is audited in
 * the tenant's own chain, so its owners see what the platform did.
 */
@Injectable()
export class AdminTenantsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly tenants: AdminTenantsRepository,
    private readonly audit: AuditLogWriter,
    private readonly invalidations: GatewayInvalidations,
  ) {}

  async list(filter: TenantFilter, page: PageRequest) {
    return toPage(await this.tenants.list(filter, page), page, toAdminTenantView, (tenant) => tenant.id);
  }

  async get(tenantId: string): Promise<AdminTenantDetailView> {
    const tenant = await this.find(tenantId);
    return { ...toAdminTenantView(tenant), ...(await this.tenants.counts(tenant.id, new Date())) };
  }

  suspend(actor: AuditActor, tenantId: string, reason: string): Promise<AdminTenantView> {
    return this.changeStatus(actor, tenantId, {
      from: 'active',
      to: 'suspended',
      action: 'tenant.suspended',
      data: { status: 'suspended', suspendedAt: new Date(), suspensionReason: reason },
    });
  }

  reactivate(actor: AuditActor, tenantId: string): Promise<AdminTenantView> {
    return this.changeStatus(actor, tenantId, {
      from: 'suspended',
      to: 'active',
      action: 'tenant.reactivated',
      data: { status: 'active', suspendedAt: null, suspensionReason: null },
    });
  }

  async changeTier(actor: AuditActor, tenantId: string, tierId: string): Promise<AdminTenantView> {
    const tenant = await this.find(tenantId);
    if (!(await this.tenants.tierExists(tierId))) throw unknownTier(tierId);
    if (tenant.tierId === tierId) return toAdminTenantView(tenant);
    const updated = await this.prisma.$transaction(async (tx) => {
      const row = await this.tenants.setTier(tx, tenant.id, tierId);
      await this.audit.append(tx, actor, {
        tenantId: tenant.id,
        action: 'tenant.tier_changed',
        target: { type: 'tenant', id: tenant.id },
        before: toAdminTenantView(tenant),
        after: toAdminTenantView(row),
      });
      return row;
    });
    // The tier selects the default policy under the tenant's own versions: every gateway reloads it.
    await this.invalidations.policyChanged({ tenantId: tenant.id, version: null });
    return toAdminTenantView(updated);
  }

  private async changeStatus(
    actor: AuditActor,
    tenantId: string,
    change: {
      from: TenantStatus;
      to: TenantStatus;
      action: string;
      data: { status: TenantStatus; suspendedAt: Date | null; suspensionReason: string | null };
    },
  ): Promise<AdminTenantView> {
    const before = await this.find(tenantId);
    const after = await this.prisma.$transaction(async (tx) => {
      const row = await this.tenants.transition(tx, before.id, change.from, change.data);
      if (!row) return null;
      await this.audit.append(tx, actor, {
        tenantId: before.id,
        action: change.action,
        target: { type: 'tenant', id: before.id },
        before: toAdminTenantView(before),
        after: toAdminTenantView(row),
      });
      return row;
    });
    const current = after ?? (await this.find(tenantId));
    if (current.status !== change.to)
      throw conflict(
        `The tenant is ${current.status}; only a tenant that is ${change.from} can become ${change.to}.`,
      );
    await this.invalidations.tenantStatusChanged(
      current.id,
      await this.tenants.dataPlaneKeyHashes(current.id),
    );
    return toAdminTenantView(current);
  }

  /** A malformed id is as missing as an unknown one. */
  private async find(tenantId: string): Promise<Tenant> {
    const tenant = tenantIdSchema.safeParse(tenantId).success ? await this.tenants.findById(tenantId) : null;
    if (!tenant) throw notFound('Tenant');
    return tenant;
  }
}

function unknownTier(tierId: string): GatewayError {
  return new GatewayError('validation_failed', {
    publicMessage: `The request body is invalid: body.tierId "${tierId}" is not an SLA tier.`,
    details: [
      {
        location: 'body.tierId',
        message: `"${tierId}" is not an SLA tier.`,
        fix: 'Use the id of an existing SLA tier, such as free, pro or enterprise.',
      },
    ],
  });
}
