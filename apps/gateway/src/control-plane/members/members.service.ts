import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole, PrismaClient } from '@llmguard/db';
import { GatewayError, type MemberView } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { conflict, notFound } from '../common/errors';
import { toPage, type PageRequest } from '../common/pagination';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import type { TenantAccess } from '../auth/tenant-access';
import { MembersRepository } from './members.repository';
import { toMemberAuditView, toMemberView } from './member.view';

/**
 * Members of a tenant. On top of the permission matrix: only owners (and platform admins) grant, take away or
 * remove the owner role, and the last owner can be neither demoted nor removed.
 */
@Injectable()
export class MembersService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly members: MembersRepository,
    private readonly audit: AuditLogWriter,
  ) {}

  async list(access: TenantAccess, page: PageRequest) {
    const rows = await this.members.list(access.tenant.id, page);
    return toPage(rows, page, toMemberView, (member) => member.id);
  }

  changeRole(
    access: TenantAccess,
    actor: AuditActor,
    memberId: string,
    role: MemberRole,
  ): Promise<MemberView> {
    const tenantId = access.tenant.id;
    return this.prisma.$transaction(async (tx) => {
      const owners = await this.members.lockOwners(tx, tenantId);
      const member = await this.members.findById(tx, tenantId, memberId);
      if (!member) throw notFound('Member');
      if (member.role === role) return toMemberView(member);
      if (member.role === 'owner' || role === 'owner') assertOwnerPowers(access, owners);
      if (member.role === 'owner' && owners.length <= 1) throw lastOwner();
      const updated = await this.members.updateRole(tx, tenantId, memberId, role);
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'member.role_changed',
        target: { type: 'membership', id: memberId },
        before: toMemberAuditView(member),
        after: toMemberAuditView(updated),
      });
      return toMemberView(updated);
    });
  }

  async remove(access: TenantAccess, actor: AuditActor, memberId: string): Promise<void> {
    const tenantId = access.tenant.id;
    await this.prisma.$transaction(async (tx) => {
      const owners = await this.members.lockOwners(tx, tenantId);
      const member = await this.members.findById(tx, tenantId, memberId);
      if (!member) throw notFound('Member');
      if (member.role === 'owner') {
        assertOwnerPowers(access, owners);
        if (owners.length <= 1) throw lastOwner();
      }
      await this.members.delete(tx, tenantId, memberId);
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'member.removed',
        target: { type: 'membership', id: memberId },
        before: toMemberAuditView(member),
      });
    });
  }
}

/**
 * The caller must be an owner now: checked against the owner rows locked in this transaction, not the role read
 * by the guard, which a concurrent change may have just taken away. Management keys never hold owner powers.
 */
function assertOwnerPowers(access: TenantAccess, ownerUserIds: string[]): void {
  const principal = access.principal;
  if (principal.type === 'user' && (principal.isPlatformAdmin || ownerUserIds.includes(principal.userId)))
    return;
  throw new GatewayError('permission_denied', {
    publicMessage: 'Only owners can grant, take away or remove the owner role.',
  });
}

function lastOwner(): GatewayError {
  return conflict('A tenant needs at least one owner: make another member owner first.');
}
