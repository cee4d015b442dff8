'use client';

import { useActionState, useState } from 'react';
import type { MemberRole } from '@llmguard/shared';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { TextField } from '@/components/ui/text-field';
import { initialFormState } from '@/lib/forms';
import { inviteMember } from '../actions';
import { RoleChoices } from './role-choices';
import styles from './members.module.css';

/** Email and role; the API's field errors show on their fields, then a confirmation that the email left. */
export function InviteDialog({
  tenantSlug,
  roles,
  onClose,
}: {
  tenantSlug: string;
  roles: readonly MemberRole[];
  onClose: () => void;
}) {
  const [state, formAction, pending] = useActionState(inviteMember.bind(null, tenantSlug), initialFormState);
  const [role, setRole] = useState<MemberRole>('developer');
  if (state.status === 'success') {
    return (
      <Dialog title="Invitation sent" onClose={onClose}>
        <p className={styles.dialogText}>{state.message}</p>
        <DialogActions>
          <Button onClick={onClose} autoFocus>
            Done
          </Button>
        </DialogActions>
      </Dialog>
    );
  }
  const fieldErrors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  return (
    <Dialog
      title="Invite a member"
      description="They get an email with a link to join; it works once, for that address only."
      onClose={onClose}
    >
      <form action={formAction} noValidate className={styles.form}>
        {state.status === 'error' && state.message && !pending && !state.fieldErrors ? (
          <ApiFailureAlert
            title="Could not send the invitation"
            failure={{ message: state.message, requestId: state.requestId }}
          />
        ) : null}
        <TextField
          name="email"
          type="email"
          label="Email address"
          placeholder="teammate@company.com"
          autoComplete="off"
          error={fieldErrors.email}
          autoFocus
        />
        <RoleChoices roles={roles} value={role} onChange={setRole} error={fieldErrors.role} />
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? 'Sending…' : 'Send invitation'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
