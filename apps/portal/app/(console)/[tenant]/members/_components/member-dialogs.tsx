'use client';

import { useActionState, useEffect, useState } from 'react';
import type { MemberRole } from '@llmguard/shared';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { type FormState, initialFormState } from '@/lib/forms';
import { isOwnerChange, ROLE_LABELS } from '@/lib/member-roles';
import { changeMemberRole, removeMember, revokeInvitation } from '../actions';
import { RoleChoices } from './role-choices';
import type { InvitationRow, MemberRow } from './rows';
import styles from './members.module.css';

function FailureOf({ state, pending, title }: { state: FormState; pending: boolean; title: string }) {
  if (state.status !== 'error' || !state.message || pending) return null;
  return <ApiFailureAlert title={title} failure={{ message: state.message, requestId: state.requestId }} />;
}

/**
 * Picks the new role. A change that grants or takes away ownership asks a second time, since owners
 * control everything, other owners included; the API refuses to demote the last owner and its
 * message is shown here.
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
      <Dialog title="Role changed" onClose={onClose}>
        <p className={styles.dialogText}>{state.message}</p>
        <DialogActions>
          <Button onClick={onClose} autoFocus>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  if (confirming) {
    const granting = role === 'owner';
    return (
      <Dialog
        title={granting ? `Make ${member.name} an owner?` : `Take the owner role from ${member.name}?`}
        onClose={onClose}
      >
        <form action={formAction} className={styles.form}>
          <input type="hidden" name="role" value={role} />
          <p className={styles.dialogText}>
            {granting
              ? 'Owners can do everything in this workspace, including removing other owners.'
              : `${member.name} becomes ${ROLE_LABELS[role].toLowerCase()} and loses control over owners. A workspace keeps at least one owner.`}
          </p>
          <FailureOf state={state} pending={pending} title="Could not change the role" />
          <DialogActions>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Back
            </Button>
            <Button type="submit" className={styles.danger} disabled={pending} autoFocus>
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
        className={styles.form}
        onSubmit={(event) => {
          if (!ownerChange) return;
          event.preventDefault();
          setConfirming(true);
        }}
      >
        <RoleChoices roles={roles} value={role} onChange={setRole} />
        <FailureOf state={state} pending={pending} title="Could not change the role" />
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
  const [state, formAction, pending] = useActionState(
    removeMember.bind(null, tenantSlug, member.id),
    initialFormState,
  );
  const left = state.status === 'success' && member.isYou;
  useEffect(() => {
    // Leaving: this workspace is gone for the user, so go where a sign-in lands.
    if (left) window.location.assign('/app');
  }, [left]);
  if (state.status === 'success') {
    return (
      <Dialog title="Member removed" onClose={onClose}>
        <p className={styles.dialogText}>
          {member.name} no longer has access to {tenantName}.
        </p>
        <DialogActions>
          <Button onClick={onClose} autoFocus>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog title={member.isYou ? `Leave ${tenantName}?` : `Remove ${member.name}?`} onClose={onClose}>
      <form action={formAction} className={styles.form}>
        <p className={styles.dialogText}>
          {member.isYou
            ? `You lose access to ${tenantName} at once. An owner or admin can invite you again.`
            : `${member.name} (${member.email}) loses access to ${tenantName} at once. API keys they created keep working until someone revokes them.`}
        </p>
        <FailureOf state={state} pending={pending} title="Could not remove the member" />
        <DialogActions>
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button type="submit" className={styles.danger} disabled={pending}>
            {pending ? 'Removing…' : member.isYou ? 'Leave workspace' : 'Remove member'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
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
  const [state, formAction, pending] = useActionState(
    revokeInvitation.bind(null, tenantSlug, invitation.id),
    initialFormState,
  );
  if (state.status === 'success') {
    return (
      <Dialog title="Invitation revoked" onClose={onClose}>
        <p className={styles.dialogText}>{state.message}</p>
        <DialogActions>
          <Button onClick={onClose} autoFocus>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog title={`Revoke the invitation of ${invitation.email}?`} onClose={onClose}>
      <form action={formAction} className={styles.form}>
        <p className={styles.dialogText}>
          The link in the email stops working. You can invite the address again later.
        </p>
        <FailureOf state={state} pending={pending} title="Could not revoke the invitation" />
        <DialogActions>
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button type="submit" className={styles.danger} disabled={pending}>
            {pending ? 'Revoking…' : 'Revoke invitation'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
