'use server';

import { auditLogContract, type VerifyAuditLogResponse } from '@llmguard/shared';
import { callControlPlane } from '@/lib/control-plane';

// "Verify now": recomputes the tenant's hash chain on the control plane and returns its report.

export type VerifyState =
  | { status: 'idle' }
  | { status: 'verified'; report: VerifyAuditLogResponse; checkedAt: string }
  | { status: 'error'; message: string; requestId?: string };

export async function verifyAuditChain(tenantSlug: string, _previous: VerifyState): Promise<VerifyState> {
  const result = await callControlPlane(auditLogContract.verify, { params: { tenantSlug } });
  if (!result.ok) {
    return { status: 'error', message: result.failure.message, requestId: result.failure.requestId };
  }
  return { status: 'verified', report: result.data, checkedAt: new Date().toISOString() };
}
