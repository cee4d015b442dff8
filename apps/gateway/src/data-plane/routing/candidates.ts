import type { ResolvedDeployment } from '../catalog/route-catalog';

const CONTEXT_TAG = /^context:(\d{1,9})$/;

/** A deployment's context window in tokens, from a `context:<tokens>` tag (e.g. `context:128000`); unknown = undefined. */
export function contextWindowOf(deployment: ResolvedDeployment): number | undefined {
  for (const tag of deployment.tags) {
    const match = CONTEXT_TAG.exec(tag);
    if (match?.[1]) return Number(match[1]);
  }
  return undefined;
}

/**
 * Whether `candidate` may take a request that `failed` refused as too long: only when both windows are known and
 * the candidate's is larger. Otherwise the same prompt would fail again, so it is not retried.
 */
export function hasLargerContext(candidate: ResolvedDeployment, failed: ResolvedDeployment): boolean {
  const failedWindow = contextWindowOf(failed);
  const candidateWindow = contextWindowOf(candidate);
  return failedWindow !== undefined && candidateWindow !== undefined && candidateWindow > failedWindow;
}
