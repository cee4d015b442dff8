import type { MemberRole } from '@llmguard/shared';

// What the members and settings pages offer each role. Hints for the buttons only, copied from the
// control plane's permission matrix and members rules (owners and admins manage members and
// settings; only owners grant or take away the owner role); the control plane decides, and its
// answer (403, or 409 for the last owner) is shown if the two ever disagree.

export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'admin', 'developer', 'billing', 'viewer'];

export const ROLE_LABELS: Readonly<Record<MemberRole, string>> = {
  owner: 'Owner',
  admin: 'Admin',
  developer: 'Developer',
  billing: 'Billing',
  viewer: 'Viewer',
};

/** One line per role for the role pickers. */
export const ROLE_DESCRIPTIONS: Readonly<Record<MemberRole, string>> = {
  owner: 'Everything, including owners and the workspace itself.',
  admin: 'Members, settings, single sign-on, keys and billing.',
  developer: 'Creates and manages API keys; reads usage.',
  billing: 'Billing, invoices and usage; no API keys.',
  viewer: 'Reads keys, usage and members; changes nothing.',
};

/** Whether the role may invite, change roles, remove members and edit settings (owner, admin). */
export function canManageMembers(role: MemberRole | null, isPlatformAdmin: boolean): boolean {
  return isPlatformAdmin || role === 'owner' || role === 'admin';
}

/** Whether the caller holds owner powers: grant, take away or remove the owner role. */
export function hasOwnerPowers(role: MemberRole | null, isPlatformAdmin: boolean): boolean {
  return isPlatformAdmin || role === 'owner';
}

/** The roles the caller may hand out in an invitation or a role change. */
export function assignableRoles(role: MemberRole | null, isPlatformAdmin: boolean): MemberRole[] {
  return hasOwnerPowers(role, isPlatformAdmin)
    ? [...MEMBER_ROLES]
    : MEMBER_ROLES.filter((r) => r !== 'owner');
}

/** Whether the caller may act on a member who holds `targetRole` (only owners touch owners). */
export function canActOnMember(
  callerRole: MemberRole | null,
  isPlatformAdmin: boolean,
  targetRole: MemberRole,
): boolean {
  if (!canManageMembers(callerRole, isPlatformAdmin)) return false;
  return targetRole !== 'owner' || hasOwnerPowers(callerRole, isPlatformAdmin);
}

/** A role change that grants or takes away ownership, which the dialog confirms a second time. */
export function isOwnerChange(from: MemberRole, to: MemberRole): boolean {
  return from !== to && (from === 'owner' || to === 'owner');
}

/** A role from a form field, or null for anything else. */
export function parseRole(value: unknown): MemberRole | null {
  return typeof value === 'string' && (MEMBER_ROLES as readonly string[]).includes(value)
    ? (value as MemberRole)
    : null;
}
