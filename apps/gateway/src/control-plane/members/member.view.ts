import type { MemberView } from '@llmguard/shared';
import type { MemberRow } from './members.repository';

export function toMemberView(member: MemberRow): MemberView {
  return { ...toMemberAuditView(member), lastLoginAt: member.user.lastLoginAt?.toISOString() ?? null };
}

/**
 * A membership as the audit log records it: without the user's last sign-in, which is not the membership's state
 * and would make every snapshot differ.
 */
export function toMemberAuditView(member: MemberRow): Omit<MemberView, 'lastLoginAt'> {
  return {
    id: member.id,
    userId: member.userId,
    email: member.user.email,
    name: member.user.name,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
    updatedAt: member.updatedAt.toISOString(),
  };
}
