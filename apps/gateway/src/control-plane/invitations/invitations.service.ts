import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole, PrismaClient } from '@llmguard/db';
import { newId, type GatewayEnv, type InvitationStatus, type InvitationView } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { GATEWAY_ENV } from '../../config';
import { conflict, notFound } from '../common/errors';
import { toPage, type PageRequest } from '../common/pagination';
import { isUniqueViolation } from '../common/prisma-errors';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import type { TenantAccess } from '../auth/tenant-access';
import { Mailer } from '../mail/mailer';
import { invitationMailFailed, ownerInvitationDenied } from './invitation-errors';
import { invitationMessage } from './invitation.message';
import { hashInvitationToken, newInvitationToken } from './invitation-token';
import { toInvitationView } from './invitation.view';
import { InvitationsRepository } from './invitations.repository';

/**
 * Invitations of a tenant, as its owners and admins manage them: invite (replacing the address's open invitation),
 * list, revoke. The token is generated here, emailed and stored only as its SHA-256.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly invitations: InvitationsRepository,
    private readonly audit: AuditLogWriter,
    private readonly mailer: Mailer,
  ) {}

  async list(access: TenantAccess, page: PageRequest & { status?: InvitationStatus }) {
    const now = new Date();
    const rows = await this.invitations.list(access.tenant.id, page, now);
    return toPage(
      rows,
      page,
      (row) => toInvitationView(row, now.getTime()),
      (row) => row.id,
    );
  }

  async create(
    access: TenantAccess,
    actor: AuditActor,
    input: { email: string; role: MemberRole },
  ): Promise<InvitationView> {
    if (input.role === 'owner') assertMayInviteOwner(access);
    const tenant = access.tenant;
    const token = newInvitationToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.env.INVITATION_TTL_SECONDS * 1000);
    const invitation = await this.prisma
      .$transaction(async (tx) => {
        if (await this.invitations.isMemberByEmail(tx, tenant.id, input.email))
          throw conflict(`${input.email} is already a member of this tenant.`);
        const replaced = await this.invitations.revokeOpen(tx, tenant.id, input.email, now);
        const created = await this.invitations.create(tx, tenant.id, {
          id: newId('inv'),
          email: input.email,
          role: input.role,
          tokenHash: hashInvitationToken(token),
          invitedById: access.principal.type === 'user' ? access.principal.userId : null,
          expiresAt,
        });
        await this.audit.append(tx, actor, {
          tenantId: tenant.id,
          action: 'invitation.created',
          target: { type: 'invitation', id: created.id },
          after: { ...toInvitationView(created), replacedInvitationId: replaced?.id ?? null },
        });
        return created;
      })
      .catch((error: unknown) => {
        // Two invitations of the same address at once: the open-invitation index lets only one through.
        if (isUniqueViolation(error))
          throw conflict(`${input.email} was invited a moment ago by someone else; list the invitations.`);
        throw error;
      });
    await this.mailer
      .send(
        invitationMessage({
          to: input.email,
          tenantName: tenant.name,
          role: input.role,
          expiresAt,
          portalUrl: this.env.PORTAL_URL,
          token,
        }),
      )
      .catch((error: unknown) => {
        throw invitationMailFailed(error);
      });
    return toInvitationView(invitation);
  }

  revoke(access: TenantAccess, actor: AuditActor, invitationId: string): Promise<InvitationView> {
    const tenantId = access.tenant.id;
    return this.prisma.$transaction(async (tx) => {
      const invitation = await this.invitations.findById(tx, tenantId, invitationId);
      if (!invitation) throw notFound('Invitation');
      const revoked = await this.invitations.revokeIfOpen(tx, tenantId, invitationId, new Date());
      if (!revoked) {
        const current = (await this.invitations.findById(tx, tenantId, invitationId)) ?? invitation;
        throw current.acceptedAt
          ? conflict('This invitation was accepted; remove the member instead.')
          : conflict('This invitation is already revoked.');
      }
      await this.audit.append(tx, actor, {
        tenantId,
        action: 'invitation.revoked',
        target: { type: 'invitation', id: invitationId },
        before: toInvitationView(invitation),
        after: toInvitationView(revoked),
      });
      return toInvitationView(revoked);
    });
  }
}

/** Owners (and platform admins) only; a management key never holds owner powers. */
function assertMayInviteOwner(access: TenantAccess): void {
  const principal = access.principal;
  if (principal.type === 'user' && (principal.isPlatformAdmin || access.role === 'owner')) return;
  throw ownerInvitationDenied();
}
