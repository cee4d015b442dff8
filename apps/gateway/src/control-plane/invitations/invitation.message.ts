import type { MemberRole } from '@llmguard/db';
import type { MailMessage } from '../mail/mailer';

/** What the invitation email says: who invites, to what, with which role, until when. */
export type InvitationMailInput = {
  to: string;
  tenantName: string;
  role: MemberRole;
  expiresAt: Date;
  portalUrl: string;
  token: string;
};

/** The link to the portal's invitation page, which posts its token to /api/invitations/accept once signed in. */
export function invitationMessage(input: InvitationMailInput): MailMessage {
  const link = `${input.portalUrl.replace(/\/$/, '')}/invite?token=${encodeURIComponent(input.token)}`;
  return {
    to: input.to,
    subject: `You are invited to join ${input.tenantName} on LLMGuard`,
    text: [
      `You are invited to join ${input.tenantName} on LLMGuard as ${input.role}.`,
      `To accept, open this link and sign in (or sign up) with this email address before ${input.expiresAt.toISOString()}:`,
      '',
      link,
      '',
      'The link works once. If you did not expect this invitation, ignore this email.',
    ].join('\n'),
  };
}
