import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { newId, type AcceptInvitationResponse } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { notFound } from '../common/errors';
import { isUniqueViolation } from '../common/prisma-errors';
import { tenantSuspended } from '../admin/tenant-suspended';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import type { UserPrincipal } from '../auth/principal';
import { toMemberAuditView, toMemberView } from '../members/member.view';
import { toTenantView } from '../tenants/tenant.view';
import { alreadyMember, invitationForAnotherAddress, unusableInvitation } from './invitation-errors';
import { hashInvitationToken } from './invitation-token';
import { toInvitationView } from './invitation.view';
import { InvitationsRepository } from './invitations.repository';

/**
 * Turns an invitation token into a membership. The signed-in user's email must be the invited address; it need not
 * be verified, because holding the token (sent only to that address) already proves the user reads that inbox.
 * Claiming the invitation and creating the membership happen in one transaction, so a token works exactly once.
 */
@Injectable()
export class InvitationAcceptanceService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly invitations: InvitationsRepository,
    private readonly audit: AuditLogWriter,
  ) {}

  async accept(
    principal: UserPrincipal,
    actor: AuditActor,
    token: string,
  ): Promise<AcceptInvitationResponse> {
    const invitation = await this.invitations.findByTokenHash(hashInvitationToken(token));
    if (!invitation || invitation.tenant.status === 'deleted') throw notFound('Invitation');
    const unusable = unusableInvitation(invitation);
    if (unusable) throw unusable;
    if (invitation.email !== principal.email) throw invitationForAnotherAddress();
    if (invitation.tenant.status === 'suspended') throw tenantSuspended();
    const tenantId = invitation.tenantId;
    const member = await this.prisma
      .$transaction(async (tx) => {
        const claimed = await this.invitations.claim(tx, invitation.id, principal.userId, new Date());
        if (!claimed) {
          // Accepted, revoked or expired since the read above.
          const current = await this.invitations.findById(tx, tenantId, invitation.id);
          throw (current && unusableInvitation(current)) ?? notFound('Invitation');
        }
        const created = await this.invitations.addMember(tx, tenantId, {
          id: newId('mem'),
          userId: principal.userId,
          role: invitation.role,
        });
        await this.audit.append(tx, actor, {
          tenantId,
          action: 'invitation.accepted',
          target: { type: 'invitation', id: invitation.id },
          before: toInvitationView(invitation),
          after: { invitation: toInvitationView(claimed), member: toMemberAuditView(created) },
        });
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw alreadyMember();
        throw error;
      });
    return { tenant: toTenantView(invitation.tenant, member.role), member: toMemberView(member) };
  }
}
