'use client';

import { useState } from 'react';
import type { MemberRole } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Button } from '@/components/ui/button';
import { CellSubtext, DataTable, type DataTableColumn, PhoneOnly } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PlusIcon, UsersIcon } from '@/components/ui/icons';
import type { ApiFailure } from '@/lib/api-client';
import { ROLE_LABELS } from '@/lib/member-roles';
import { InviteDialog } from './invite-dialog';
import { ChangeRoleDialog, RemoveMemberDialog, RevokeInvitationDialog } from './member-dialogs';
import type { InvitationRow, MemberRow } from './rows';
import styles from './members.module.css';

type MembersViewProps = {
  tenantSlug: string;
  tenantName: string;
  members: MemberRow[];
  /** Pending invitations; null when the caller may not see them. */
  invitations: InvitationRow[] | null;
  invitationsFailure: ApiFailure | null;
  canManage: boolean;
  assignableRoles: MemberRole[];
};

type OpenDialog =
  | { kind: 'invite' }
  | { kind: 'role'; member: MemberRow }
  | { kind: 'remove'; member: MemberRow }
  | { kind: 'revoke'; invitation: InvitationRow }
  | null;

/** Members and pending invitations, with their dialogs; without the right to manage, the list alone. */
export function MembersView({
  tenantSlug,
  tenantName,
  members,
  invitations,
  invitationsFailure,
  canManage,
  assignableRoles,
}: MembersViewProps) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const close = () => setDialog(null);

  return (
    <>
      <PageHeader
        title="Members"
        description={`People in ${tenantName} and what each may do.`}
        actions={
          canManage ? (
            <Button onClick={() => setDialog({ kind: 'invite' })}>
              <PlusIcon />
              Invite member
            </Button>
          ) : null
        }
      />
      {!canManage ? (
        <p className={styles.readOnlyNote}>Only owners and admins can invite members or change roles.</p>
      ) : null}

      <section aria-labelledby="members-title" className={styles.section}>
        <h2 id="members-title" className={styles.sectionTitle}>
          Members <span className={styles.count}>{members.length}</span>
        </h2>
        <DataTable
          caption="Members of this workspace, oldest first"
          columns={memberColumns(canManage, setDialog)}
          rows={members}
          rowKey={(member) => member.id}
        />
      </section>

      {canManage ? (
        <section aria-labelledby="invitations-title" className={styles.section}>
          <h2 id="invitations-title" className={styles.sectionTitle}>
            Pending invitations{' '}
            {invitations && invitations.length > 0 ? (
              <span className={styles.count}>{invitations.length}</span>
            ) : null}
          </h2>
          {invitationsFailure ? (
            <ApiFailureAlert title="Could not load the invitations" failure={invitationsFailure} />
          ) : (
            <DataTable
              caption="Invitations not accepted yet, newest first"
              columns={invitationColumns(setDialog)}
              rows={invitations ?? []}
              rowKey={(invitation) => invitation.id}
              empty={
                <EmptyState title="No pending invitations" icon={<UsersIcon width={18} height={18} />}>
                  Invite teammates by email; they join with the role you choose once they accept.
                </EmptyState>
              }
            />
          )}
        </section>
      ) : null}

      {dialog?.kind === 'invite' ? (
        <InviteDialog tenantSlug={tenantSlug} roles={assignableRoles} onClose={close} />
      ) : null}
      {dialog?.kind === 'role' ? (
        <ChangeRoleDialog
          tenantSlug={tenantSlug}
          member={dialog.member}
          roles={assignableRoles}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <RemoveMemberDialog
          tenantSlug={tenantSlug}
          tenantName={tenantName}
          member={dialog.member}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'revoke' ? (
        <RevokeInvitationDialog tenantSlug={tenantSlug} invitation={dialog.invitation} onClose={close} />
      ) : null}
    </>
  );
}

function memberColumns(canManage: boolean, open: (dialog: OpenDialog) => void): DataTableColumn<MemberRow>[] {
  const columns: DataTableColumn<MemberRow>[] = [
    {
      id: 'member',
      header: 'Member',
      cell: (member) => (
        <span className={styles.person}>
          <span className={styles.avatar} aria-hidden="true">
            {initials(member.name)}
          </span>
          <span className={styles.personText}>
            <span className={styles.name}>
              {member.name}
              {member.isYou ? <span className={styles.you}>You</span> : null}
            </span>
            <span className={styles.email}>{member.email}</span>
            <PhoneOnly className={styles.email}>Last sign-in: {member.lastLoginLabel}</PhoneOnly>
          </span>
        </span>
      ),
    },
    { id: 'role', header: 'Role', cell: (member) => <RoleTag role={member.role} /> },
    {
      id: 'joined',
      header: 'Joined',
      hideOnPhone: true,
      cell: (member) => <time dateTime={member.joinedAt}>{member.joinedLabel}</time>,
    },
    {
      id: 'lastLogin',
      header: 'Last sign-in',
      hideOnPhone: true,
      cell: (member) =>
        member.lastLoginAt ? (
          <time dateTime={member.lastLoginAt} title={member.lastLoginTitle}>
            {member.lastLoginLabel}
          </time>
        ) : (
          <CellSubtext>{member.lastLoginLabel}</CellSubtext>
        ),
    },
  ];
  if (!canManage) return columns;
  return [
    ...columns,
    {
      id: 'actions',
      header: 'Actions',
      headerHidden: true,
      align: 'end',
      cell: (member) =>
        member.canAct ? (
          <span className={styles.rowActions}>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Change the role of ${member.name}`}
              onClick={() => open({ kind: 'role', member })}
            >
              Change role
            </Button>
            <Button
              variant="ghost-danger"
              size="sm"
              aria-label={`Remove ${member.name}`}
              onClick={() => open({ kind: 'remove', member })}
            >
              Remove
            </Button>
          </span>
        ) : null,
    },
  ];
}

function invitationColumns(open: (dialog: OpenDialog) => void): DataTableColumn<InvitationRow>[] {
  return [
    {
      id: 'email',
      header: 'Email',
      cell: (invitation) => (
        <>
          <span className={styles.name}>{invitation.email}</span>
          <PhoneOnly className={styles.email}>Expires {invitation.expiresLabel}</PhoneOnly>
        </>
      ),
    },
    { id: 'role', header: 'Role', cell: (invitation) => <RoleTag role={invitation.role} /> },
    { id: 'sent', header: 'Sent', hideOnPhone: true, cell: (invitation) => invitation.sentLabel },
    {
      id: 'expires',
      header: 'Expires',
      hideOnPhone: true,
      cell: (invitation) => <time dateTime={invitation.expiresAt}>{invitation.expiresLabel}</time>,
    },
    {
      id: 'actions',
      header: 'Actions',
      headerHidden: true,
      align: 'end',
      cell: (invitation) => (
        <Button
          variant="ghost-danger"
          size="sm"
          aria-label={`Revoke the invitation of ${invitation.email}`}
          onClick={() => open({ kind: 'revoke', invitation })}
        >
          Revoke
        </Button>
      ),
    },
  ];
}

function RoleTag({ role }: { role: MemberRole }) {
  return <span className={`${styles.role} ${styles[`role_${role}`]}`}>{ROLE_LABELS[role]}</span>;
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
  return letters || '?';
}
