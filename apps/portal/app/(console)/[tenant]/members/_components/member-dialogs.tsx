'use client';

import { useActionState, useEffect, useState } from 'react';
import type { MemberRole } from '@llmguard/shared';
import { ActionDialog, DoneDialog } from '@/components/forms/action-dialog';
import { FormFailure } from '@/components/forms/form-failure';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions, DialogText } from '@/components/ui/dialog';
import { initialFormState } from '@/lib/forms';
import { isOwnerChange, ROLE_LABELS } from '@/lib/member-roles';
import { changeMemberRole, removeMember, revokeInvitation } from '../actions';
import { RoleChoices } from './role-choices';
import type { InvitationRow, MemberRow } from './rows';
import formStyles from '@/components/forms/action-form.module.css';

/**
 * Picks the new role. A change that grants or takes away ownership asks a second time, since owners
 * control everything, other owners included; the API refuses to demote the last owner and its
 * message is shown here. The chosen role is the dialog's own state, so a refusal keeps it.
 */
export function ChangeRoleDialog({
  tenantSlug,
  member,
  roles,
  onClose,
}: {
  tenantSlug: string;
  member: MemberRow;
  roles: readonly MemberRole[];
  onClose: () => void;
}) {
  const [state, formAction, pending] = useActionState(
    changeMemberRole.bind(null, tenantSlug, member.id),
    initialFormState,
  );
  const [role, setRole] = useState<MemberRole>(member.role);
  const [confirming, setConfirming] = useState(false);
  const ownerChange = isOwnerChange(member.role, role);

  if (state.status === 'success') {
    return (
      <DoneDialog title="Role changed" onClose={onClose}>
        {state.message}
      </DoneDialog>
    );
  }

  if (confirming) {
    const granting = role === 'owner';
    return (
      <Dialog
        title={granting ? `Make ${member.name} an owner?` : `Take the owner role from ${member.name}?`}
        onClose={onClose}
      >
        <form action={formAction} className={formStyles.form}>
          <input type="hidden" name="role" value={role} />
          <DialogText>
            {granting
              ? 'Owners can do everything in this workspace, including removing other owners.'
              : `${member.name} becomes ${ROLE_LABELS[role].toLowerCase()} and loses control over owners. A workspace keeps at least one owner.`}
          </DialogText>
          <FormFailure state={state} pending={pending} title="Could not change the role" />
          <DialogActions>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Back
            </Button>
            <Button type="submit" variant="danger" disabled={pending} autoFocus>
              {pending ? 'Changing…' : granting ? 'Make owner' : 'Remove owner role'}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Change the role of ${member.name}`} description={member.email} onClose={onClose}>
      <form
        action={formAction}
        className={formStyles.form}
        onSubmit={(event) => {
          if (!ownerChange) return;
          event.preventDefault();
          setConfirming(true);
        }}
      >
        <RoleChoices
          roles={roles}
          value={role}
          onChange={setRole}
          error={state.status === 'error' ? state.fieldErrors?.role : undefined}
        />
        <FormFailure state={state} pending={pending} title="Could not change the role" />
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending || role === member.role}>
            {pending ? 'Saving…' : ownerChange ? 'Continue' : 'Save role'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Removes a member: they lose access at once (their sessions stay, their memberships do not). */
export function RemoveMemberDialog({
  tenantSlug,
  tenantName,
  member,
  onClose,
}: {
  tenantSlug: string;
  tenantName: string;
  member: MemberRow;
  onClose: () => void;
}) {
  return (
    <ActionDialog
      title={member.isYou ? `Leave ${tenantName}?` : `Remove ${member.name}?`}
      action={removeMember.bind(null, tenantSlug, member.id)}
      tone="danger"
      submitLabel={member.isYou ? 'Leave workspace' : 'Remove member'}
      pendingLabel="Removing…"
      failureTitle="Could not remove the member"
      result={(state) =>
        state.status === 'success' ? (
          <MemberRemoved member={member} tenantName={tenantName} onClose={onClose} />
        ) : null
      }
      onClose={onClose}
    >
      <DialogText>
        {member.isYou
          ? `You lose access to ${tenantName} at once. An owner or admin can invite you again.`
          : `${member.name} (${member.email}) loses access to ${tenantName} at once. API keys they created keep working until someone revokes them.`}
      </DialogText>
    </ActionDialog>
  );
}

function MemberRemoved({
  member,
  tenantName,
  onClose,
}: {
  member: MemberRow;
  tenantName: string;
  onClose: () => void;
}) {
  useEffect(() => {
    // Leaving: this workspace is gone for the user, so go where a sign-in lands.
    if (member.isYou) window.location.assign('/app');
  }, [member.isYou]);
  return (
    <DoneDialog title="Member removed" onClose={onClose}>
      {member.name} no longer has access to {tenantName}.
    </DoneDialog>
  );
}

/** Revokes a pending invitation: its link stops working. */
export function RevokeInvitationDialog({
  tenantSlug,
  invitation,
  onClose,
}: {
  tenantSlug: string;
  invitation: InvitationRow;
  onClose: () => void;
}) {
  return (
    <ActionDialog
      title={`Revoke the invitation of ${invitation.email}?`}
      action={revokeInvitation.bind(null, tenantSlug, invitation.id)}
      tone="danger"
      submitLabel="Revoke invitation"
      pendingLabel="Revoking…"
      failureTitle="Could not revoke the invitation"
      doneTitle="Invitation revoked"
      onClose={onClose}
    >
      <DialogText>The link in the email stops working. You can invite the address again later.</DialogText>
    </ActionDialog>
  );
}
