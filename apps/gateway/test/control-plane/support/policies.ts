import type { PrismaClient } from '@llmguard/db';
import { newId, policyColumnsFromDocument, type PolicyDocument } from '@llmguard/shared';

/**
 * Appends a policy version straight in the database, as the policies service does (insert n+1, move
 * tenants.current_policy_version), for suites that need history without going through a platform admin.
 */
export async function appendPolicyVersion(
  prisma: PrismaClient,
  tenantId: string,
  document: PolicyDocument,
): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    const version = (tenant.currentPolicyVersion ?? 0) + 1;
    await tx.tenantPolicy.create({
      data: {
        id: newId('pol'),
        tenantId,
        version,
        ...policyColumnsFromDocument(document),
        comment: 'fixture',
      },
    });
    await tx.tenant.update({ where: { id: tenantId }, data: { currentPolicyVersion: version } });
    return version;
  });
}

/** A document no earlier one equals, so a new version from it is never refused as a no-op. */
export function distinctPolicy(): PolicyDocument {
  return {
    rateLimits: { tenant: { requestsPerMinute: 1 + (Math.floor(Math.random() * 1_000_000_000) % 999_999) } },
  };
}
