import type { Invitation } from '@llmguard/db';
import type { InvitationStatus, InvitationView } from '@llmguard/shared';

/** Where an invitation stands at `now`: accepted and revoked are final; otherwise the expiry decides. */
export function invitationStatus(invitation: Invitation, now = Date.now()): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt.getTime() <= now ? 'expired' : 'pending';
}

/** The API view of an invitation: never the token hash. */
export function toInvitationView(invitation: Invitation, now = Date.now()): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitationStatus(invitation, now),
    invitedById: invitation.invitedById,
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
    acceptedById: invitation.acceptedById,
    revokedAt: invitation.revokedAt?.toISOString() ?? null,
    createdAt: invitation.createdAt.toISOString(),
  };
}
