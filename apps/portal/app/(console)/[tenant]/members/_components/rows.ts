import type { MemberRole } from '@llmguard/shared';

/** A member as the table shows it: labels formatted on the server, actions decided from the caller's role. */
export type MemberRow = {
  id: string;
  name: string;
  email: string;
  role: MemberRole;
  joinedAt: string;
  joinedLabel: string;
  isYou: boolean;
  /** Whether the caller is offered role change and removal for this member. */
  canAct: boolean;
};

/** A pending invitation. */
export type InvitationRow = {
  id: string;
  email: string;
  role: MemberRole;
  sentLabel: string;
  expiresAt: string;
  expiresLabel: string;
};
