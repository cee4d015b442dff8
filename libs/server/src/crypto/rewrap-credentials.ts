import type { Prisma, PrismaClient } from '@llmguard/db';
import type { CredentialSealer } from './envelope-cipher';

/** What a re-wrap run did: rows looked at, rows re-wrapped, and the deployments whose value could not be opened. */
export type RewrapReport = { examined: number; rewrapped: number; failedDeploymentIds: string[] };

const BATCH_SIZE = 200;

/**
 * Re-wraps every deployment credential not yet under the current master key (and upgrades v1 values to v2), after a
 * new key is put first in CREDENTIAL_MASTER_KEYS. Each row is updated only if it still holds the value that was read,
 * so a credential changed meanwhile through the API is left alone. Idempotent: run it until `rewrapped` is 0, then
 * the older master keys can be removed (route versions sealed under them can then no longer be restored with their
 * credential). The plaintext never changes, so gateways need no cache invalidation. `only` narrows the run (e.g. to
 * one tenant's routes).
 */
export async function rewrapDeploymentCredentials(
  prisma: PrismaClient,
  sealer: CredentialSealer,
  options: { only?: Prisma.DeploymentWhereInput } = {},
): Promise<RewrapReport> {
  const report: RewrapReport = { examined: 0, rewrapped: 0, failedDeploymentIds: [] };
  let afterId: string | undefined;
  for (;;) {
    const rows = await prisma.deployment.findMany({
      where: {
        ...options.only,
        encryptedCredential: { not: null },
        ...(afterId ? { id: { gt: afterId } } : {}),
      },
      select: { id: true, encryptedCredential: true },
      orderBy: { id: 'asc' },
      take: BATCH_SIZE,
    });
    for (const row of rows) {
      const sealed = row.encryptedCredential;
      report.examined += 1;
      if (sealed === null || sealer.isCurrent(sealed)) continue;
      let rewrapped: string;
      try {
        rewrapped = sealer.rewrap(sealed, row.id);
      } catch {
        report.failedDeploymentIds.push(row.id);
        continue;
      }
      const { count } = await prisma.deployment.updateMany({
        where: { id: row.id, encryptedCredential: sealed },
        data: { encryptedCredential: rewrapped },
      });
      report.rewrapped += count;
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH_SIZE) return report;
    afterId = last.id;
  }
}
