'use client';

import { useState } from 'react';
import type { MemberRole } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Button } from '@/components/ui/button';
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
        <div className={styles.tableFrame}>
          <table className={styles.table}>
            <caption className={styles.srOnly}>Members of this workspace, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col" className={styles.wideOnly}>
                  Joined
                </th>
                {canManage ? (
                  <th scope="col">
                    <span className={styles.srOnly}>Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.id}>
                  <td>
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
                      </span>
                    </span>
                  </td>
                  <td>
                    <span className={`${styles.role} ${styles[`role_${member.role}`]}`}>
                      {ROLE_LABELS[member.role]}
                    </span>
                  </td>
                  <td className={styles.wideOnly}>
                    <time dateTime={member.joinedAt}>{member.joinedLabel}</time>
                  </td>
                  {canManage ? (
                    <td className={styles.actionsCell}>
                      {member.canAct ? (
                        <span className={styles.rowActions}>
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={`Change the role of ${member.name}`}
                            onClick={() => setDialog({ kind: 'role', member })}
                          >
                            Change role
                          </Button>
                          <Button
                            variant="ghost"
                            size="sm"
                            className={styles.dangerGhost}
                            aria-label={`Remove ${member.name}`}
                            onClick={() => setDialog({ kind: 'remove', member })}
                          >
                            Remove
                          </Button>
                        </span>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
          ) : invitations && invitations.length > 0 ? (
            <div className={styles.tableFrame}>
              <table className={styles.table}>
                <caption className={styles.srOnly}>Invitations not accepted yet, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col" className={styles.wideOnly}>
                      Sent
                    </th>
                    <th scope="col" className={styles.wideOnly}>
                      Expires
                    </th>
                    <th scope="col">
                      <span className={styles.srOnly}>Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {invitations.map((invitation) => (
                    <tr key={invitation.id}>
                      <td>
                        <span className={styles.name}>{invitation.email}</span>
                        <span className={`${styles.email} ${styles.phoneOnly}`}>
                          Expires {invitation.expiresLabel}
                        </span>
                      </td>
                      <td>
                        <span className={`${styles.role} ${styles[`role_${invitation.role}`]}`}>
                          {ROLE_LABELS[invitation.role]}
                        </span>
                      </td>
                      <td className={styles.wideOnly}>{invitation.sentLabel}</td>
                      <td className={styles.wideOnly}>
                        <time dateTime={invitation.expiresAt}>{invitation.expiresLabel}</time>
                      </td>
                      <td className={styles.actionsCell}>
                        <Button
                          variant="ghost"
                          size="sm"
                          className={styles.dangerGhost}
                          aria-label={`Revoke the invitation of ${invitation.email}`}
                          onClick={() => setDialog({ kind: 'revoke', invitation })}
                        >
                          Revoke
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <div className={styles.empty}>
              <span className={styles.emptyIcon} aria-hidden="true">
                <UsersIcon width={18} height={18} />
              </span>
              <p className={styles.emptyTitle}>No pending invitations</p>
              <p className={styles.emptyText}>
                Invite teammates by email; they join with the role you choose once they accept.
              </p>
            </div>
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

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
  return letters || '?';
}
