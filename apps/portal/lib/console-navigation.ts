import type { MemberRole } from '@llmguard/shared';

// The signed-in console's sections. `built: false` sections exist in the navigation so the shape of
// the product is visible, and their page says plainly that it is not built yet.

export type ConsoleIcon =
  | 'dashboard'
  | 'keys'
  | 'usage'
  | 'billing'
  | 'sla'
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
  built: boolean;
  /** One sentence for the placeholder of a section not built yet. */
  summary: string;
};

export const consoleSections: readonly ConsoleSection[] = [
  { segment: '', label: 'Dashboard', icon: 'dashboard', built: true, summary: 'Your workspace at a glance.' },
  {
    segment: 'keys',
    label: 'API keys',
    icon: 'keys',
    built: true,
    summary: 'Keys your apps call the gateway with.',
  },
  {
    segment: 'usage',
    label: 'Usage',
    icon: 'usage',
    built: true,
    summary: 'Requests, tokens and spend per hour or day, by model and key.',
  },
  {
    segment: 'billing',
    label: 'Billing',
    icon: 'billing',
    built: true,
    summary: 'Your plan, payment method and invoices.',
  },
  {
    segment: 'sla',
    label: 'SLA',
    icon: 'sla',
    built: true,
    summary: 'Availability and latency against your tier’s targets, day by day.',
  },
  {
    segment: 'audit-log',
    label: 'Audit log',
    icon: 'audit',
    built: true,
    summary: 'Every change in the workspace: who, what and when, hash-chained.',
  },
  {
    segment: 'policies',
    label: 'Policies',
    icon: 'policies',
    built: true,
    summary: 'Rate limits, budgets, guardrails and routing rules in effect.',
  },
  {
    segment: 'members',
    label: 'Members',
    icon: 'members',
    built: true,
    summary: 'Who belongs to the workspace, their roles, and invitations.',
  },
  {
    segment: 'settings',
    label: 'Settings',
    icon: 'settings',
    built: true,
    summary: 'The workspace’s name and single sign-on.',
  },
  {
    segment: 'playground',
    label: 'Playground',
    icon: 'playground',
    built: true,
    summary: 'Try a model through the gateway from the browser.',
  },
];

/** The section of a path segment, or undefined for one that does not exist. */
export function findSection(segment: string): ConsoleSection | undefined {
  return consoleSections.find((section) => section.segment === segment);
}

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
