import { describe, expect, it } from 'vitest';
import {
  assignableRoles,
  canActOnMember,
  canManageMembers,
  isOwnerChange,
  parseRole,
} from './member-roles';

describe('member role hints', () => {
  it('lets owners, admins and platform admins manage members', () => {
    expect(canManageMembers('owner', false)).toBe(true);
    expect(canManageMembers('admin', false)).toBe(true);
    expect(canManageMembers('developer', false)).toBe(false);
    expect(canManageMembers('viewer', false)).toBe(false);
    expect(canManageMembers(null, true)).toBe(true);
    expect(canManageMembers(null, false)).toBe(false);
  });

  it('offers the owner role only to owners and platform admins', () => {
    expect(assignableRoles('owner', false)).toContain('owner');
    expect(assignableRoles(null, true)).toContain('owner');
    expect(assignableRoles('admin', false)).toEqual(['admin', 'developer', 'billing', 'viewer']);
  });

  it('keeps admins away from owners', () => {
    expect(canActOnMember('admin', false, 'owner')).toBe(false);
    expect(canActOnMember('admin', false, 'developer')).toBe(true);
    expect(canActOnMember('owner', false, 'owner')).toBe(true);
    expect(canActOnMember('viewer', false, 'viewer')).toBe(false);
  });

  it('asks twice only when ownership moves', () => {
    expect(isOwnerChange('owner', 'admin')).toBe(true);
    expect(isOwnerChange('viewer', 'owner')).toBe(true);
    expect(isOwnerChange('viewer', 'admin')).toBe(false);
    expect(isOwnerChange('owner', 'owner')).toBe(false);
  });

  it('reads a role from a form value', () => {
    expect(parseRole('billing')).toBe('billing');
    expect(parseRole('root')).toBeNull();
    expect(parseRole(null)).toBeNull();
  });
});
