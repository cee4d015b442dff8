import type { MemberView } from '@llmguard/shared';
import type { MemberRow } from './members.repository';

export function toMemberView(member: MemberRow): MemberView {
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
