import type { ManagementScope, MemberRole } from '@llmguard/shared';

/** Everything a tenant-scoped route can require, as `<resource>.<verb>`. */
export type Permission =
  | 'tenant.read'
  | 'tenant.update'
  | 'member.list'
  | 'member.update_role'
  | 'member.remove'
  | 'invitation.list'
  | 'invitation.create'
  | 'invitation.revoke'
  | 'api_key.list'
  | 'api_key.create'
  | 'api_key.update'
  | 'api_key.revoke'
  | 'api_key.rotate'
  | 'audit_log.read'
  | 'audit_log.verify'
  | 'audit_log.export'
  | 'usage.read'
  | 'sla.read'
  | 'policy.read'
  /** New policy versions and restores: no tenant role has it, platform admins (above the matrix) do. */
  | 'policy.write'
  | 'route.read'
  /** Create, change, delete and restore the tenant's model routes (platform routes: platform admins only). */
  | 'route.write'
  | 'sso.read'
  /** Create, replace or remove the SSO connection and switch requireSso. */
  | 'sso.manage'
  /** Create, change, revoke or rotate a management key (on top of the api_key.* action itself). */
  | 'management_key.manage'
  /** The billing overview (subscription, usage reporting to Stripe) and invoices. */
  | 'billing.read'
  /** Subscribe, and open Stripe Checkout (payment method) and Billing Portal pages. */
  | 'billing.manage'
  /** The budget-alert webhook (URL, whether a secret is set) and the budget alerts sent. */
  | 'budget_alert.read'
  /** Set (with a new signing secret) or remove the budget-alert webhook. */
  | 'budget_alert.manage';

/** Metadata key under which @RequirePermission stores a route's permission. */
export const REQUIRED_PERMISSION = 'llmguard:permission';

type RoleGrants = Readonly<Record<MemberRole, boolean>>;

const grants = (owner: boolean, admin: boolean, developer: boolean, billing: boolean, viewer: boolean) =>
  ({ owner, admin, developer, billing, viewer }) satisfies RoleGrants;

/**
 * THE permission matrix: action × role. Every tenant-scoped route names one action here (@RequirePermission) and
 * the tenant-access guard answers from this table alone. Platform admins are above it: they may do everything in
 * every tenant. Rules that depend on the target (only owners touch owners; the last owner stays) live in the
 * members service, on top of this table.
 */
// prettier-ignore
export const PERMISSION_MATRIX: Readonly<Record<Permission, RoleGrants>> = {
  //                              owner  admin  developer  billing  viewer
  'tenant.read':           grants(true,  true,  true,      true,    true),
  'tenant.update':         grants(true,  true,  false,     false,   false),
  'member.list':           grants(true,  true,  true,      true,    true),
  'member.update_role':    grants(true,  true,  false,     false,   false),
  'member.remove':         grants(true,  true,  false,     false,   false),
  'invitation.list':       grants(true,  true,  false,     false,   false),
  'invitation.create':     grants(true,  true,  false,     false,   false),
  'invitation.revoke':     grants(true,  true,  false,     false,   false),
  'api_key.list':          grants(true,  true,  true,      false,   true),
  'api_key.create':        grants(true,  true,  true,      false,   false),
  'api_key.update':        grants(true,  true,  true,      false,   false),
  'api_key.revoke':        grants(true,  true,  true,      false,   false),
  'api_key.rotate':        grants(true,  true,  true,      false,   false),
  'audit_log.read':        grants(true,  true,  false,     false,   false),
  'audit_log.verify':      grants(true,  true,  false,     false,   false),
  'audit_log.export':      grants(true,  true,  false,     false,   false),
  'usage.read':            grants(true,  true,  true,      true,    true),
  'sla.read':              grants(true,  true,  true,      true,    true),
  'policy.read':           grants(true,  true,  true,      true,    true),
  'policy.write':          grants(false, false, false,     false,   false),
  'route.read':            grants(true,  true,  true,      false,   true),
  'route.write':           grants(true,  true,  false,     false,   false),
  'sso.read':              grants(true,  true,  false,     false,   false),
  'sso.manage':            grants(true,  true,  false,     false,   false),
  'management_key.manage': grants(true,  true,  false,     false,   false),
  'billing.read':          grants(true,  true,  false,     true,    false),
  'billing.manage':        grants(true,  true,  false,     true,    false),
  'budget_alert.read':     grants(true,  true,  false,     true,    false),
  'budget_alert.manage':   grants(true,  true,  false,     true,    false),
};

/**
 * The management-key scope that grants each action; absent = management keys can never do it (managing
 * management keys, so a key cannot mint a broader one).
 */
export const MANAGEMENT_SCOPE_FOR: Readonly<Record<Permission, ManagementScope | undefined>> = {
  'tenant.read': 'tenant:read',
  'tenant.update': 'tenant:write',
  'member.list': 'members:read',
  'member.update_role': 'members:write',
  'member.remove': 'members:write',
  'invitation.list': 'members:read',
  'invitation.create': 'members:write',
  'invitation.revoke': 'members:write',
  'api_key.list': 'keys:read',
  'api_key.create': 'keys:write',
  'api_key.update': 'keys:write',
  'api_key.revoke': 'keys:write',
  'api_key.rotate': 'keys:write',
  'audit_log.read': 'audit:read',
  'audit_log.verify': 'audit:read',
  'audit_log.export': 'audit:read',
  'usage.read': 'usage:read',
  'sla.read': 'usage:read',
  'policy.read': 'tenant:read',
  'policy.write': undefined,
  'route.read': 'routes:read',
  'route.write': 'routes:write',
  'sso.read': 'tenant:read',
  // A key that could repoint the identity provider could take over the accounts it links: people only.
  'sso.manage': undefined,
  'management_key.manage': undefined,
  'billing.read': 'usage:read',
  // Payment methods and subscriptions commit the tenant's money: people only.
  'billing.manage': undefined,
  'budget_alert.read': 'usage:read',
  // Repointing the webhook would send the tenant's spend elsewhere, signed with a secret the key's holder chose to
  // receive: people only, like billing.manage.
  'budget_alert.manage': undefined,
};

/** Whether a member with this role (null = platform admin without membership) may perform an action. */
export function isAllowed(
  permission: Permission,
  role: MemberRole | null,
  isPlatformAdmin: boolean,
): boolean {
  if (isPlatformAdmin) return true;
  return role !== null && PERMISSION_MATRIX[permission][role];
}

/** Whether a management key with these scopes may perform an action (in its own tenant). */
export function isAllowedForKey(permission: Permission, scopes: readonly string[]): boolean {
  const scope = MANAGEMENT_SCOPE_FOR[permission];
  return scope !== undefined && scopes.includes(scope);
}
