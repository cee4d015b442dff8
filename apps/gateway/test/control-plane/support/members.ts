import type { MemberRole, PrismaClient } from '@llmguard/db';
import { newId } from '@llmguard/shared';

/**
 * Adds an existing user to a tenant with a role, straight in the database: there is no invitation API yet, and
 * the suites need members of every role.
 */
export async function addMember(
  prisma: PrismaClient,
  tenantId: string,
  userId: string,
  role: MemberRole,
): Promise<string> {
  const id = newId('mem');
  await prisma.membership.create({ data: { id, tenantId, userId, role } });
  return id;
}
