import type { MemberRole } from '@llmguard/shared';

// The signed-in console's sections, in navigation order. A path under /<tenant> that is not one of them
// is a 404 (Next.js: no route matches).

export type ConsoleIcon =
  | 'dashboard'
  | 'keys'
  | 'usage'
  | 'billing'
  | 'sla'
  | 'guardrails'
  | 'audit'
  | 'policies'
  | 'members'
  | 'settings'
  | 'playground';

export type ConsoleSection = {
  /** The path segment under /<tenant>; '' is the dashboard. */
  segment: string;
  label: string;
  icon: ConsoleIcon;
};

export const consoleSections: readonly ConsoleSection[] = [
  { segment: '', label: 'Dashboard', icon: 'dashboard' },
  {
    segment: 'keys',
    label: 'API keys',
    icon: 'keys',
  },
  {
    segment: 'usage',
    label: 'Usage',
    icon: 'usage',
  },
  {
    segment: 'billing',
    label: 'Billing',
    icon: 'billing',
  },
  {
    segment: 'sla',
    label: 'SLA',
    icon: 'sla',
  },
  {
    segment: 'guardrails',
    label: 'Guardrails',
    icon: 'guardrails',
  },
  {
    segment: 'audit-log',
    label: 'Audit log',
    icon: 'audit',
  },
  {
    segment: 'policies',
    label: 'Policies',
    icon: 'policies',
  },
  {
    segment: 'members',
    label: 'Members',
    icon: 'members',
  },
  {
    segment: 'settings',
    label: 'Settings',
    icon: 'settings',
  },
  {
    segment: 'playground',
    label: 'Playground',
    icon: 'playground',
  },
];

/** The href of a section in a tenant. */
export function sectionHref(tenantSlug: string, section: Pick<ConsoleSection, 'segment'>): string {
  return section.segment === '' ? `/${tenantSlug}` : `/${tenantSlug}/${section.segment}`;
}

/**
 * Whether the portal offers to create, revoke and rotate keys. A hint for the buttons only, copied
 * from the control plane's permission matrix (owner, admin, developer; platform admins above it):
 * the control plane decides, and its 403 is shown if the two ever disagree.
 */
export function canManageKeys(role: MemberRole | null, isPlatformAdmin: boolean): boolean {
  return isPlatformAdmin || role === 'owner' || role === 'admin' || role === 'developer';
}

/** Whether the role may see the key list at all (every role but billing). */
export function canListKeys(role: MemberRole | null, isPlatformAdmin: boolean): boolean {
  return isPlatformAdmin || (role !== null && role !== 'billing');
}
