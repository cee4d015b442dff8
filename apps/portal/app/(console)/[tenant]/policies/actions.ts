'use server';

import { revalidatePath } from 'next/cache';
import { policiesContract } from '@llmguard/shared';
import type { ApiFailure } from '@/lib/api-client';
import { callControlPlaneFromAction } from '@/lib/control-plane';
import {
  documentWithSection,
  isPolicySection,
  parseSectionText,
  sectionProblemsFromApiMessage,
  type SectionProblem,
} from '@/lib/policy-editor';

// Saving one section of a tenant's policy as a new version, and restoring an earlier version. Both carry the version
// the admin was looking at (expectedVersion), so a change made by someone else in between is a 409, never overwritten.

export type PolicyActionState =
  | { status: 'idle' }
  | { status: 'saved'; version: number }
  | {
      status: 'error';
      message: string;
      requestId?: string;
      conflict?: boolean;
      problems?: SectionProblem[];
      commentError?: string;
    };

const CONFLICT_MESSAGE =
  'Someone changed this policy since you opened it. Reload the page to see their version, then apply your change again.';

export async function savePolicySection(
  tenantSlug: string,
  sectionName: string,
  expectedVersion: number | null,
  _previous: PolicyActionState,
  formData: FormData,
): Promise<PolicyActionState> {
  if (!isPolicySection(sectionName))
    return { status: 'error', message: `Unknown policy section "${sectionName}".` };
  const text = String(formData.get('json') ?? '');
  const comment = String(formData.get('comment') ?? '').trim();
  const parsed = parseSectionText(sectionName, text);
  if (!parsed.ok) return { status: 'error', message: 'Fix the problems below.', problems: parsed.problems };

  const current = await callControlPlaneFromAction(policiesContract.get, { params: { tenantSlug } });
  if (!current.ok) return failed(current.failure, sectionName);
  if (current.data.currentVersion !== expectedVersion)
    return { status: 'error', message: CONFLICT_MESSAGE, conflict: true };

  const result = await callControlPlaneFromAction(policiesContract.createVersion, {
    params: { tenantSlug },
    body: {
      document: documentWithSection(current.data.document, sectionName, parsed.value),
      expectedVersion,
      ...(comment ? { comment } : {}),
    },
  });
  if (!result.ok) return failed(result.failure, sectionName);
  revalidatePath(`/${tenantSlug}/policies`);
  return { status: 'saved', version: result.data.version };
}

export async function restorePolicyVersion(
  tenantSlug: string,
  version: number,
  expectedVersion: number | null,
  _previous: PolicyActionState,
): Promise<PolicyActionState> {
  const result = await callControlPlaneFromAction(policiesContract.restoreVersion, {
    params: { tenantSlug, version: String(version) },
    body: { expectedVersion, comment: `Restored version ${version}` },
  });
  if (!result.ok) return failed(result.failure);
  revalidatePath(`/${tenantSlug}/policies`);
  return { status: 'saved', version: result.data.version };
}

function failed(failure: ApiFailure, section?: string): PolicyActionState {
  if (failure.status === 409)
    return { status: 'error', message: CONFLICT_MESSAGE, conflict: true, requestId: failure.requestId };
  const problems =
    section && isPolicySection(section) ? sectionProblemsFromApiMessage(failure.message, section) : [];
  return {
    status: 'error',
    message: problems.length > 0 ? 'The API refused some values; see below.' : failure.message,
    requestId: failure.requestId,
    ...(problems.length > 0 ? { problems } : {}),
    ...(failure.fieldErrors?.comment ? { commentError: failure.fieldErrors.comment } : {}),
  };
}
