import { createHash, randomBytes } from 'node:crypto';

/** A new invitation token (256 random bits, base64url): it travels only in the email. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What invitations.token_hash stores and what a presented token is looked up by: SHA-256 hex. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
