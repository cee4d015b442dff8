import type { MemberRole } from '@llmguard/shared';

// Hints for what the portal offers, copied from the control plane's permission matrix
// (apps/gateway/src/control-plane/auth/permissions.ts): the control plane decides, and its 403 is shown if the two
// ever disagree.

/** Reading, verifying and exporting the audit log: owners and admins, and platform admins. */
export function canReadAuditLog(role: MemberRole | null, isPlatformAdmin: boolean): boolean {
  return isPlatformAdmin || role === 'owner' || role === 'admin';
}

/** Writing policy versions and restoring them: platform admins only; every member reads them. */
export function canEditPolicies(isPlatformAdmin: boolean): boolean {
  return isPlatformAdmin;
}
