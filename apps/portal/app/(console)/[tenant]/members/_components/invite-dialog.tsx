'use client';

import { useState } from 'react';
import type { MemberRole } from '@llmguard/shared';
import { ActionDialog } from '@/components/forms/action-dialog';
import { TextField } from '@/components/ui/text-field';
import { keptValue } from '@/lib/forms';
import { inviteMember } from '../actions';
import { RoleChoices } from './role-choices';

/**
 * Email and role; the API's field errors show on their fields (a refused form keeps the address and the role),
 * then a confirmation that the email left.
 */
export function InviteDialog({
  tenantSlug,
  roles,
  onClose,
}: {
  tenantSlug: string;
  roles: readonly MemberRole[];
  onClose: () => void;
}) {
  const [role, setRole] = useState<MemberRole>('developer');
  return (
    <ActionDialog
      title="Invite a member"
      description="They get an email with a link to join; it works once, for that address only."
      action={inviteMember.bind(null, tenantSlug)}
      submitLabel="Send invitation"
      pendingLabel="Sending…"
      failureTitle="Could not send the invitation"
      doneTitle="Invitation sent"
      doneCloseLabel="Done"
      onClose={onClose}
    >
      {(state) => {
        const fieldErrors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
        return (
          <>
            <TextField
              name="email"
              type="email"
              label="Email address"
              placeholder="teammate@company.com"
              autoComplete="off"
              defaultValue={keptValue(state, 'email')}
              error={fieldErrors.email}
              autoFocus
            />
            <RoleChoices roles={roles} value={role} onChange={setRole} error={fieldErrors.role} />
          </>
        );
      }}
    </ActionDialog>
  );
}
