import type { MemberRole } from '@llmguard/shared';

/** A member as the table shows it: labels formatted on the server, actions decided from the caller's role. */
export type MemberRow = {
  id: string;
  name: string;
  email: string;
  role: MemberRole;
  joinedAt: string;
  joinedLabel: string;
  /** The member's last sign-in; null if they never signed in. */
  lastLoginAt: string | null;
  /** "5 minutes ago", a date, or "Never". */
  lastLoginLabel: string;
  /** The exact time, for the label's tooltip. */
  lastLoginTitle: string | undefined;
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
