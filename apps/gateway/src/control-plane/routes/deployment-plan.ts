import { Prisma, type Deployment } from '@llmguard/db';
import type { CredentialSealer } from '@llmguard/server';
import { newId, type DeploymentInput } from '@llmguard/shared';
import type { DeploymentSnapshot } from './route-snapshot';

/** One deployment row to write for a route (created, or updated in place when its id exists). */
export type DeploymentRow = Omit<
  Prisma.DeploymentUncheckedCreateInput,
  'routeId' | 'createdAt' | 'updatedAt'
> & {
  id: string;
};

// Shorter credentials are not worth hiding if four of their characters are shown.
const LAST_FOUR_MIN_LENGTH = 12;

/**
 * The rows for a route's new deployment list. A deployment is matched to the current one of the same name, keeping
 * its id (so its sealed credential, bound to that id, stays valid) and its credential unless the input says
 * otherwise: a string is sealed for that id, null removes the credential.
 */
export function planDeployments(
  inputs: DeploymentInput[],
  current: Deployment[],
  sealer: CredentialSealer,
): DeploymentRow[] {
  const currentByName = new Map(current.map((deployment) => [deployment.name, deployment]));
  return inputs.map((input) => {
    const existing = currentByName.get(input.name);
    const id = existing?.id ?? newId('dep');
    const { credential, cachedInputPriceMicrosPerMillion, ...fields } = input;
    const sealed =
      credential === undefined
        ? {
            encryptedCredential: existing?.encryptedCredential ?? null,
            credentialLastFour: existing?.credentialLastFour ?? null,
          }
        : sealedCredential(credential, id, sealer);
    return {
      ...fields,
      id,
      inputPriceMicrosPerMillion: BigInt(fields.inputPriceMicrosPerMillion),
      outputPriceMicrosPerMillion: BigInt(fields.outputPriceMicrosPerMillion),
      cachedInputPriceMicrosPerMillion: BigInt(
        cachedInputPriceMicrosPerMillion ?? fields.inputPriceMicrosPerMillion,
      ),
      timeouts: fields.timeouts ?? Prisma.DbNull,
      ...sealed,
    };
  });
}

/**
 * The rows that bring back a version's deployments, with the same ids. Each sealed credential is re-wrapped under the
 * current master key (which also proves it opens for that deployment); one sealed under a master key no longer
 * configured makes the restore fail, through the error this throws.
 */
export function restoredDeployments(
  snapshots: DeploymentSnapshot[],
  sealer: CredentialSealer,
): DeploymentRow[] {
  return snapshots.map((snapshot) => ({
    ...snapshot,
    inputPriceMicrosPerMillion: BigInt(snapshot.inputPriceMicrosPerMillion),
    outputPriceMicrosPerMillion: BigInt(snapshot.outputPriceMicrosPerMillion),
    cachedInputPriceMicrosPerMillion: BigInt(snapshot.cachedInputPriceMicrosPerMillion),
    timeouts: snapshot.timeouts === null ? Prisma.DbNull : (snapshot.timeouts as Prisma.InputJsonValue),
    encryptedCredential:
      snapshot.encryptedCredential === null ? null : sealer.rewrap(snapshot.encryptedCredential, snapshot.id),
  }));
}

function sealedCredential(credential: string | null, deploymentId: string, sealer: CredentialSealer) {
  if (credential === null) return { encryptedCredential: null, credentialLastFour: null };
  return {
    encryptedCredential: sealer.seal(credential, deploymentId),
    credentialLastFour: credential.length >= LAST_FOUR_MIN_LENGTH ? credential.slice(-4) : null,
  };
}
