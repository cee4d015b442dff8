import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { newId, type TenantView } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { conflict } from '../common/errors';
import { toPage, type PageRequest } from '../common/pagination';
import { isUniqueViolation } from '../common/prisma-errors';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import type { UserPrincipal } from '../auth/principal';
import type { TenantAccess } from '../auth/tenant-access';
import { TenantsRepository } from './tenants.repository';
import { toTenantView } from './tenant.view';

@Injectable()
export class TenantsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly tenants: TenantsRepository,
    private readonly audit: AuditLogWriter,
  ) {}

  /** Creates a tenant owned by the caller; its chain starts with `tenant.created`. */
  async create(
    principal: UserPrincipal,
    actor: AuditActor,
    input: { slug: string; name: string },
  ): Promise<TenantView> {
    const tenantId = newId('tnt');
    const tenant = await this.prisma
      .$transaction(async (tx) => {
        const created = await this.tenants.createWithOwner(
          tx,
          { id: tenantId, slug: input.slug, name: input.name },
          { membershipId: newId('mem'), userId: principal.userId },
        );
        await this.audit.append(tx, actor, {
          tenantId,
          action: 'tenant.created',
          target: { type: 'tenant', id: tenantId },
          after: { ...toTenantView(created, null), ownerUserId: principal.userId },
        });
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw conflict(`The slug "${input.slug}" is taken; choose another.`);
        throw error;
      });
    return toTenantView(tenant, 'owner');
  }

  async listMine(userId: string, page: PageRequest) {
    const rows = await this.tenants.listForUser(userId, page);
    return toPage(
      rows,
      page,
      (membership) => toTenantView(membership.tenant, membership.role),
      (membership) => membership.id,
    );
  }

  async update(access: TenantAccess, actor: AuditActor, input: { name?: string }): Promise<TenantView> {
    const tenantId = access.tenant.id;
    const updated = await this.prisma.$transaction(async (tx) => {
      const row = await this.tenants.update(tx, tenantId, input);
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'tenant.updated',
        target: { type: 'tenant', id: tenantId },
        before: toTenantView(access.tenant, null),
        after: toTenantView(row, null),
      });
      return row;
    });
    return toTenantView(updated, access.role);
  }
}
