import { GatewayError } from '@llmguard/shared';
import type { Invitation } from '@llmguard/db';
import { conflict } from '../common/errors';
import { invitationStatus } from './invitation.view';

/**
 * Why an invitation cannot be accepted now, or null while it is pending. Each case has its own code so the portal
 * can say what to do next (ask for a new invitation, or just open the tenant).
 */
export function unusableInvitation(invitation: Invitation, now = Date.now()): GatewayError | null {
  switch (invitationStatus(invitation, now)) {
    case 'accepted':
      return new GatewayError('invitation_used', {
        publicMessage: 'This invitation has already been accepted; each invitation works once.',
      });
    case 'revoked':
      return new GatewayError('invitation_revoked', {
        publicMessage: 'This invitation was withdrawn or replaced by a newer one. Ask for a new invitation.',
      });
    case 'expired':
      return new GatewayError('invitation_expired', {
        publicMessage: 'This invitation has expired. Ask an owner or admin of the tenant for a new one.',
      });
    case 'pending':
      return null;
  }
}

/** The signed-in account is not the invited address; the address itself is not repeated to the caller. */
export function invitationForAnotherAddress(): GatewayError {
  return new GatewayError('permission_denied', {
    publicMessage:
      'This invitation was sent to a different email address. Sign in with the address that received it.',
  });
}

export function alreadyMember(): GatewayError {
  return conflict('You are already a member of this tenant.');
}

/** Only owners (and platform admins) hand out the owner role, by invitation as by role change. */
export function ownerInvitationDenied(): GatewayError {
  return new GatewayError('permission_denied', {
    publicMessage: 'Only owners can invite an owner.',
  });
}

export function invitationMailFailed(error: unknown): GatewayError {
  return new GatewayError('service_unavailable', {
    publicMessage:
      'The invitation is saved but its email could not be sent. Invite the address again to send a new link.',
    internalMessage: `invitation email failed: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}
